// `credence pre-annotate`: runs the machine annotators over a study's passages and stores their labels,
// or (with --file) over one file, printing one JSON object per label without a study.
#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <optional>

#include "commands.hpp"
#include "credence/annotate/ingest.hpp"
#include "credence/annotate/machine_annotator.hpp"
#include "credence/annotate/machine_cues.hpp"
#include "credence/annotate/machine_pre_annotate.hpp"
#include "credence/annotate/text.hpp"
#include "study_util.hpp"

namespace credence::cli {

namespace ann = credence::annotate;
namespace fs = std::filesystem;

namespace {

// Annotator names from --annotator (repeatable, comma lists allowed), narrowed by --rubric.
std::vector<std::string> wanted_names(const Args& args) {
  std::vector<std::string> names;
  for (const auto& value : args.all("--annotator")) {
    for (auto& name : split_list(value)) {
      // Accept the full id too ("machine:loaded-lexicon@1.0").
      if (name.rfind("machine:", 0) == 0) name = name.substr(8);
      if (auto at = name.find('@'); at != std::string::npos) name = name.substr(0, at);
      names.push_back(name);
    }
  }
  if (auto rubric = args.get("--rubric")) {
    std::vector<std::string> by_rubric;
    for (const auto& info : ann::machine_annotator_catalog()) {
      if (info.rubric_id != *rubric) continue;
      if (names.empty() || std::find(names.begin(), names.end(), info.name) != names.end()) by_rubric.push_back(info.name);
    }
    if (by_rubric.empty()) {
      throw UsageError{"no machine annotator works on rubric '" + *rubric +
                       "'; the machine annotators cover loaded_language, unsupported_claims and framing"};
    }
    names = by_rubric;
  }
  return names;
}

fs::path rubric_dir(const Args& args) {
  if (auto dir = args.get("--rubrics")) return *dir;
  return shipped_rubrics_dir();
}

// Builds the annotators; prints every problem. Returns false when any error stops the run.
bool setup_annotators(const std::vector<ann::Rubric>& rubrics, const Args& args, ann::MachineSetup& setup,
                      Context& context, const std::string& verb) {
  const fs::path dir = rubric_dir(args);
  setup = ann::load_machine_annotators(rubrics, dir, wanted_names(args));
  for (auto& d : setup.diagnostics) {
    if (!d.where.path.empty() && fs::path(d.where.path).is_relative() && d.where.path.find('/') != std::string::npos) {
      d.where.path = (dir / d.where.path).string();
    } else if (d.where.path.empty()) {
      d.where.path = "credence " + verb;
    }
  }
  print_diagnostics(setup.diagnostics, context);
  if (ann::has_errors(setup.diagnostics)) {
    context.err << "credence " << verb << ": fix the problems above; nothing was annotated\n";
    return false;
  }
  if (setup.annotators.empty()) {
    context.err << "credence " << verb << ": no machine annotator can run: none of the rubrics they need "
                << "(loaded_language, unsupported_claims, framing) is available\n";
    return false;
  }
  return true;
}

std::vector<const ann::MachineAnnotator*> pointers(const ann::MachineSetup& setup) {
  std::vector<const ann::MachineAnnotator*> out;
  for (const auto& a : setup.annotators) out.push_back(a.get());
  return out;
}

int run_on_file(const Args& args, Context& context) {
  const std::string path = *args.get("--file");
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    context.err << "credence pre-annotate: " << path << ": no such file\n";
    return k_exit_io;
  }
  // The shipped rubric files (or --rubrics DIR).
  const fs::path dir = rubric_dir(args);
  std::vector<ann::Rubric> rubrics;
  std::vector<ann::Diagnostic> rubric_problems;
  for (const auto& info : ann::machine_annotator_catalog()) {
    const fs::path file = dir / (info.rubric_id + ".json");
    if (!fs::exists(file, ec)) continue;
    auto loaded = ann::load_rubric_file(file.string());
    for (auto& d : loaded.diagnostics) rubric_problems.push_back(std::move(d));
    if (loaded.rubric) rubrics.push_back(std::move(*loaded.rubric));
  }
  print_diagnostics(rubric_problems, context);
  if (ann::has_errors(rubric_problems)) return k_exit_usage;
  ann::MachineSetup setup;
  if (!setup_annotators(rubrics, args, setup, context, "pre-annotate")) return k_exit_usage;
  const auto annotators = pointers(setup);

  ann::IngestOptions options;
  options.content_hash = false;  // nothing is stored: no SHA-256 per article
  if (auto format = args.get("--format")) {
    auto parsed = ann::parse_input_format(*format);
    if (!parsed) throw UsageError{"unknown --format '" + *format + "'; use auto, text, md, html, xml or jsonl"};
    options.format = *parsed;
  }
  const bool jsonl = args.has("--jsonl");
  const double min_confidence = parse_double_option(args, "--min-confidence", 0.0);
  std::vector<ann::Diagnostic> diagnostics;
  ann::IngestStats stats;
  std::size_t n_articles = 0;
  std::size_t n_labels = 0;
  std::vector<std::string> ids;
  for (const auto* a : annotators) ids.push_back(a->id());
  ann::ingest_file(
      path, options,
      [&](ann::Article&& article) {
        ++n_articles;
        // --file labels body passages only: the passages an outlet's profile is made of.
        const auto labels = ann::machine_annotate(annotators, article, /*only_body=*/true);
        if (!jsonl) {
          context.out << "# " << article.origin << " (" << labels.size() << " suggestions)\n";
        }
        // Label text through its passage (labels come passage by passage): an index of the passage at
        // hand instead of one of the whole article.
        std::optional<ann::Utf8Index> passage_index;
        int indexed_passage = -1;
        auto label_text = [&](const ann::MachineLabel& label) -> std::string_view {
          const auto& passage = article.passages.at(static_cast<std::size_t>(label.passage_index));
          if (indexed_passage != label.passage_index) {
            passage_index.emplace(passage.text);
            indexed_passage = label.passage_index;
          }
          return passage_index->slice(passage.text, label.start - passage.start, label.end - passage.start);
        };
        std::string line;
        for (const auto& label : labels) {
          if (label.confidence < min_confidence) continue;
          ++n_labels;
          const std::string_view text = label_text(label);
          std::string_view annotator;
          for (std::size_t i = 0; i < annotators.size(); ++i) {
            if (annotators[i]->dimension().id == label.dimension) annotator = ids[i];
          }
          if (jsonl) {
            // Written by hand, field by field as before (a JSON object per label cost more than the
            // annotators); confidence as %.3g (Boost.JSON would print 0.7 as 7E-1), evidence verbatim.
            line.clear();
            line += '{';
            if (!article.meta.external_id.empty()) {
              line += "\"article\":";
              ann::append_json_quoted(line, article.meta.external_id);
              line += ',';
            }
            line += "\"annotator\":";
            ann::append_json_quoted(line, annotator);
            line += ",\"dimension\":";
            ann::append_json_quoted(line, label.dimension);
            line += ",\"unit\":";
            ann::append_json_quoted(line, ann::to_string(label.unit));
            line += ",\"passage\":";
            line += std::to_string(label.passage_index);
            line += ",\"category\":";
            ann::append_json_quoted(line, label.category);
            line += ",\"start\":";
            line += std::to_string(label.start);
            line += ",\"end\":";
            line += std::to_string(label.end);
            line += ",\"text\":";
            ann::append_json_quoted(line, text);
            line += ",\"rule\":";
            ann::append_json_quoted(line, label.rule);
            line += ",\"entry\":";
            ann::append_json_quoted(line, label.entry);
            char confidence[32];
            std::snprintf(confidence, sizeof confidence, "%.3g", label.confidence);
            line += ",\"confidence\":";
            line += confidence;
            line += ",\"evidence\":";
            line += label.evidence;
            line += "}\n";
            context.out << line;
          } else {
            std::string preview(text.substr(0, 60));
            for (auto& c : preview) {
              if (c == '\n') c = ' ';
            }
            context.out << std::setw(7) << label.start << "-" << std::left << std::setw(7) << label.end << std::setw(17)
                        << label.dimension << std::setw(36) << label.category << std::right << std::fixed
                        << std::setprecision(2) << label.confidence << "  " << std::left << std::setw(30) << label.rule
                        << std::right << " " << preview << (text.size() > preview.size() ? "…" : "") << "\n";
          }
        }
      },
      diagnostics, stats);
  print_diagnostics(diagnostics, context);
  if (n_articles == 0) {
    context.err << "credence pre-annotate: " << path << ": no article could be read\n";
    return k_exit_usage;
  }
  return stats.rejected > 0 ? k_exit_rejected : k_exit_ok;
}

int run_on_study(const Args& args, Context& context) {
  if (args.positional.empty()) throw UsageError{"give a STUDY folder, or --file ARTICLE"};
  auto study = open_study(args.positional[0], context, "pre-annotate");
  if (!study) return k_exit_io;
  // The rubrics as the study stores them (the newest version of each id).
  std::vector<ann::Rubric> rubrics;
  std::vector<ann::Diagnostic> problems;
  for (const auto& row : study->list_rubrics()) {
    auto parsed = ann::parse_rubric(row.json, "rubric " + row.id + "@" + row.version + " in the study");
    for (auto& d : parsed.diagnostics) problems.push_back(std::move(d));
    if (!parsed.rubric) continue;
    auto same = std::find_if(rubrics.begin(), rubrics.end(), [&](const ann::Rubric& r) { return r.id == row.id; });
    if (same == rubrics.end()) {
      rubrics.push_back(std::move(*parsed.rubric));
    } else {
      *same = std::move(*parsed.rubric);  // list_rubrics returns oldest first: the later one wins
    }
  }
  print_diagnostics(problems, context);
  ann::MachineSetup setup;
  if (!setup_annotators(rubrics, args, setup, context, "pre-annotate")) return k_exit_usage;
  ann::PreAnnotateOptions options;
  options.only_body = args.has("--only-body");
  options.redo = args.has("--redo");
  options.min_confidence = parse_double_option(args, "--min-confidence", 0.0);
  Progress progress(context, "pre-annotate", study->list_articles().size());
  ann::PreAnnotateStats stats;
  try {
    stats = ann::pre_annotate_study(*study, pointers(setup), options,
                                    [&](std::size_t done, std::size_t) { progress.update(done); });
  } catch (const std::invalid_argument& e) {
    progress.finish();
    context.err << "credence pre-annotate: " << e.what() << "\n";
    return k_exit_usage;
  } catch (const ann::StoreError& e) {
    progress.finish();
    context.err << "credence pre-annotate: " << e.what() << "\n";
    return k_exit_io;
  }
  progress.finish();
  context.out << "pre-annotate: " << stats.articles << " articles annotated, " << stats.labels << " labels stored";
  if (stats.labels_replaced > 0) context.out << ", " << stats.labels_replaced << " earlier labels replaced";
  context.out << "\n";
  for (const auto* a : pointers(setup)) {
    const auto it = stats.labels_by_annotator.find(a->id());
    context.out << "  " << a->id() << " (" << a->rubric().id << "/" << a->dimension().id << "): "
                << (it == stats.labels_by_annotator.end() ? 0 : it->second) << " labels\n";
  }
  if (stats.articles_skipped > 0) {
    context.out << "  " << stats.articles_skipped
                << " article/annotator pairs already had machine labels and were kept (use --redo to replace them)\n";
  }
  return k_exit_ok;
}

int run_pre_annotate(const Args& args, Context& context) {
  if (args.has("--file")) {
    if (!args.positional.empty()) throw UsageError{"give either STUDY or --file ARTICLE, not both"};
    return run_on_file(args, context);
  }
  if (args.has("--jsonl")) throw UsageError{"--jsonl goes with --file ARTICLE"};
  return run_on_study(args, context);
}

}  // namespace

Command make_pre_annotate_command() {
  Command c;
  c.name = "pre-annotate";
  c.summary = "machine suggestions: loaded language, claim support, frame cues";
  c.usage =
      "credence pre-annotate STUDY [--annotator NAME] [--rubric ID] [--only-body] [--redo]\n"
      "       credence pre-annotate --file ARTICLE [--jsonl] [--annotator NAME] [--rubric ID]";
  c.description =
      "Runs the transparent machine annotators (loaded-lexicon, claim-rules, frame-cues; see\n"
      "docs/machine-annotators.md) and stores their labels as machine:<name>@<version>, each with the rule\n"
      "and entry that fired and a confidence. Articles that already carry an annotator's labels are kept\n"
      "unless --redo. With --file, prints the suggestions for one file's body passages instead;\n"
      "--jsonl gives one JSON object per label: dimension, category, start, end (code points into the\n"
      "normalised text, as `credence segment` reports them), text, rule, entry, confidence, evidence.";
  c.options = {{"--annotator", "NAME", "loaded-lexicon, claim-rules or frame-cues (default: all)", true},
               {"--rubric", "ID", "only the annotators of this rubric"},
               {"--only-body", "", "body passages only (default: the roles each dimension names)"},
               {"--redo", "", "replace earlier labels of the same annotator (kept as history)"},
               {"--min-confidence", "X", "drop suggestions below this confidence (default 0)"},
               {"--file", "ARTICLE", "annotate one file without a study"},
               {"--jsonl", "", "with --file: one JSON object per label"},
               {"--format", "F", "with --file: input format (default: by extension)"},
               {"--rubrics", "DIR", "folder with the rubric files, lexicons/ and rules/ (default: shipped)"}};
  c.min_positional = 0;
  c.max_positional = 1;
  c.run = run_pre_annotate;
  return c;
}

}  // namespace credence::cli
