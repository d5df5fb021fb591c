// `credence assign STUDY --annotators a,b,c [--overlap K] [--per-annotator N] [--blind] [--seed S]`:
// plans who labels which article (balanced across annotators and outlets) and stores the plan.
#include <map>

#include "commands.hpp"
#include "credence/annotate/assignment.hpp"
#include "credence/annotate/assignment_store.hpp"
#include "study_util.hpp"

namespace credence::cli {

namespace {

int run_assign(const Args& args, Context& context) {
  annotate::AssignmentOptions options;
  for (const auto& value : args.all("--annotators")) {
    for (auto& name : split_list(value)) options.annotators.push_back(name);
  }
  options.overlap = static_cast<int>(parse_int_option(args, "--overlap", 1, 1, 1000));
  if (args.has("--per-annotator")) {
    options.per_annotator = static_cast<int>(parse_int_option(args, "--per-annotator", 0, 1, 10'000'000));
  }
  options.blind = args.has("--blind");
  options.seed = static_cast<std::uint64_t>(parse_int_option(args, "--seed", 1, 0, INT64_MAX));
  const auto problems = annotate::check_assignment_options(options);
  if (!problems.empty()) {
    for (const auto& p : problems) context.err << "credence assign: " << p << "\n";
    context.err << "usage: credence assign STUDY --annotators a,b,c [--overlap K] [--per-annotator N] [--blind] [--seed S]\n";
    return k_exit_usage;
  }
  auto study = open_study(args.positional.at(0), context, "assign");
  if (!study) return k_exit_io;
  try {
    for (const auto& row : study->list_annotators()) {
      for (const auto& name : options.annotators) {
        if (row.name == name && row.kind != annotate::AnnotatorKind::human) {
          context.err << "credence assign: '" << name << "' is a " << annotate::to_string(row.kind)
                      << " annotator in this study; assign human annotators only\n";
          return k_exit_usage;
        }
      }
    }
    // Articles already in an earlier plan keep their annotators; only new articles are planned.
    std::map<std::int64_t, int> assigned;
    for (const auto& a : annotate::list_assignments(*study)) ++assigned[a.article_id];
    std::vector<annotate::PlanArticle> articles;
    std::map<std::int64_t, std::string> outlet;
    for (const auto& row : study->list_articles()) {
      outlet[row.id] = row.meta.source;
      if (!assigned.count(row.id)) articles.push_back({row.id, row.meta.source});
    }
    if (articles.empty()) {
      context.out << "credence assign: every article is already assigned (" << assigned.size()
                  << " articles); nothing to plan\n";
      return k_exit_ok;
    }
    const auto plan = annotate::plan_assignments(articles, options, annotate::assignment_load(*study));
    if (args.has("--dry-run")) {
      context.out << "dry run: nothing stored\n";
    } else if (!plan.items.empty()) {
      const auto plan_id = annotate::store_assignment_plan(*study, plan, options);
      context.out << "stored plan " << plan_id << "\n";
    }
    std::map<std::string, int> per_annotator;
    std::map<std::string, std::map<std::string, int>> per_outlet;
    for (const auto& item : plan.items) {
      ++per_annotator[item.annotator];
      ++per_outlet[item.annotator][outlet[item.article_id]];
    }
    const std::size_t planned = (plan.items.size() / static_cast<std::size_t>(options.overlap));
    context.out << planned << " articles x " << options.overlap << " annotators = " << plan.items.size()
                << " assignments" << (options.blind ? " (blind: outlet, author, URL and mastheads hidden)" : "")
                << "\n";
    for (const auto& name : options.annotators) {
      context.out << "  " << name << ": " << per_annotator[name] << " articles";
      std::string sep = " (";
      for (const auto& [source, n] : per_outlet[name]) {
        context.out << sep << source << " " << n;
        sep = ", ";
      }
      context.out << (sep == ", " ? ")" : "") << "\n";
    }
    if (!plan.unassigned.empty()) {
      context.err << "credence assign: warning: " << plan.unassigned.size()
                  << " articles left unassigned: --per-annotator " << *options.per_annotator
                  << " leaves too few annotators with room for --overlap " << options.overlap
                  << "; add annotators or raise --per-annotator, then run assign again\n";
      return k_exit_rejected;
    }
    if (!args.has("--dry-run")) context.out << "next: credence serve " << args.positional[0] << "\n";
  } catch (const annotate::StoreError& e) {
    context.err << "credence assign: " << e.what() << "\n";
    return k_exit_io;
  }
  return k_exit_ok;
}

}  // namespace

Command make_assign_command() {
  Command c;
  c.name = "assign";
  c.summary = "plan which annotators label which articles";
  c.usage = "credence assign STUDY --annotators a,b,c [--overlap K] [--per-annotator N] [--blind] [--seed S] [--dry-run]";
  c.description =
      "Gives every article that is not yet assigned to exactly K annotators (default 1), balancing the number of "
      "articles per annotator and, for each annotator, the outlets. Articles assigned earlier keep their "
      "annotators, so assign can be run again after importing more articles. With --per-annotator N nobody gets "
      "more than N articles in all; articles that then cannot get K annotators are left out and reported (exit 1). "
      "--blind hides outlet, author, URL, bylines and mastheads from annotators in the workspace. The plan depends "
      "only on the study and --seed.";
  c.options = {{"--annotators", "a,b,c", "human annotators (comma-separated; repeatable)", true},
               {"--overlap", "K", "annotators per article (default 1)"},
               {"--per-annotator", "N", "at most N articles per annotator (including earlier plans)"},
               {"--blind", "", "hide outlet, author, URL and mastheads from annotators"},
               {"--seed", "S", "seed for the order and the tie-breaks (default 1)"},
               {"--dry-run", "", "show the plan without storing it"}};
  c.min_positional = 1;
  c.max_positional = 1;
  c.run = run_assign;
  return c;
}

}  // namespace credence::cli
