// `credence status STUDY`: what the study holds (outlets, articles, passages by role, rubrics, labels).
#include <boost/json.hpp>

#include "commands.hpp"
#include "study_util.hpp"

namespace credence::cli {

namespace {

int run_status(const Args& args, Context& context) {
  auto study = open_study(args.positional.at(0), context, "status");
  if (!study) return k_exit_io;
  const auto s = study->summary();
  if (args.has("--json")) {
    boost::json::object o;
    o["schema_version"] = s.schema_version;
    o["sources"] = s.n_sources;
    o["articles"] = s.n_articles;
    o["passages"] = s.n_passages;
    o["body_words"] = s.n_body_words;
    boost::json::object roles, sources, labels;
    for (const auto& [k, v] : s.passages_by_role) roles[k] = v;
    for (const auto& [k, v] : s.articles_by_source) sources[k] = v;
    for (const auto& [k, v] : s.labels_by_annotator) labels[k] = v;
    o["passages_by_role"] = roles;
    o["articles_by_source"] = sources;
    o["current_labels_by_annotator"] = labels;
    o["annotation_rows"] = s.n_annotations_total;
    o["role_corrections"] = s.n_role_corrections;
    boost::json::array rubrics;
    for (const auto& r : s.rubrics) rubrics.push_back({{"id", r.id}, {"version", r.version}, {"title", r.title}});
    o["rubrics"] = rubrics;
    context.out << boost::json::serialize(o) << "\n";
    return k_exit_ok;
  }
  context.out << "study " << args.positional[0] << " (schema version " << s.schema_version << ")\n";
  context.out << "  " << s.n_articles << " articles from " << s.n_sources << " outlets, " << s.n_passages
              << " passages, " << s.n_body_words << " body words\n";
  for (const auto& [source, n] : s.articles_by_source) context.out << "    " << source << ": " << n << "\n";
  if (!s.passages_by_role.empty()) {
    context.out << "  passages by role:";
    for (const auto& [role, n] : s.passages_by_role) context.out << " " << role << " " << n << ";";
    context.out << "\n";
  }
  if (s.n_role_corrections > 0) context.out << "  " << s.n_role_corrections << " role corrections\n";
  context.out << "  rubrics:";
  if (s.rubrics.empty()) context.out << " none";
  context.out << "\n";
  for (const auto& r : s.rubrics) context.out << "    " << r.id << " " << r.version << ": " << r.title << "\n";
  context.out << "  labels (current):";
  if (s.labels_by_annotator.empty()) context.out << " none";
  context.out << "\n";
  for (const auto& [annotator, n] : s.labels_by_annotator) context.out << "    " << annotator << ": " << n << "\n";
  if (s.n_annotations_total > 0) context.out << "  " << s.n_annotations_total << " label rows with history\n";
  return k_exit_ok;
}

}  // namespace

Command make_status_command() {
  Command c;
  c.name = "status";
  c.summary = "summarise what a study holds";
  c.usage = "credence status STUDY [--json]";
  c.options = {{"--json", "", "print one JSON object"}};
  c.min_positional = 1;
  c.max_positional = 1;
  c.run = run_status;
  return c;
}

}  // namespace credence::cli
