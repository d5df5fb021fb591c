// `credence rubric add STUDY FILE...` and `credence rubric list STUDY`: rubric versions in a study.
// A study keeps every version; labels record the version they were made under.
#include "commands.hpp"
#include "credence/annotate/rubric.hpp"
#include "credence/annotate/store.hpp"
#include "study_util.hpp"

namespace credence::cli {

namespace ann = credence::annotate;

namespace {

int run_rubric(const Args& args, Context& context) {
  const std::string& action = args.positional.at(0);
  if (action != "add" && action != "list") throw UsageError{"unknown action '" + action + "'; use add or list"};
  if (args.positional.size() < 2) throw UsageError{"missing STUDY"};
  if (action == "add" && args.positional.size() < 3) throw UsageError{"add needs at least one rubric FILE"};
  if (action == "list" && args.positional.size() > 2) throw UsageError{"list takes only STUDY"};
  auto study = open_study(args.positional[1], context, "rubric");
  if (!study) return k_exit_io;
  if (action == "list") {
    for (const auto& row : study->list_rubrics()) {
      context.out << row.id << " " << row.version << "  " << row.title << "  (added " << row.added_at << ")\n";
    }
    return k_exit_ok;
  }
  std::vector<ann::Rubric> rubrics;
  bool ok = true;
  for (std::size_t i = 2; i < args.positional.size(); ++i) {
    auto result = ann::load_rubric_file(args.positional[i]);
    print_diagnostics(result.diagnostics, context);
    if (!result.rubric) ok = false;
    else rubrics.push_back(std::move(*result.rubric));
  }
  if (!ok) {
    context.err << "credence rubric: nothing added; fix the rubric problems above\n";
    return k_exit_usage;
  }
  try {
    ann::Study::Transaction tx(*study);
    for (const auto& r : rubrics) {
      try {
        study->add_rubric({r.id, r.version, r.title, r.json, {}});
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(r.path + ": " + e.what());  // name the file among several
      }
    }
    tx.commit();
  } catch (const std::invalid_argument& e) {
    context.err << "credence rubric: " << e.what() << "; nothing added\n";
    return k_exit_usage;
  } catch (const ann::StoreError& e) {
    context.err << "credence rubric: " << e.what() << "\n";
    return k_exit_io;
  }
  for (const auto& r : rubrics) context.out << "added rubric " << r.id << " " << r.version << ": " << r.title << "\n";
  return k_exit_ok;
}

}  // namespace

Command make_rubric_command() {
  Command c;
  c.name = "rubric";
  c.summary = "add a rubric (or a new version of one) to a study, or list them";
  c.usage = "credence rubric add STUDY FILE... | credence rubric list STUDY";
  c.description =
      "A changed rubric needs a new version: the same id and version with different content is refused.\n"
      "Statistics use the newest version of each rubric; labels made under older versions are left out\n"
      "unless --include-old-versions is given (and are then marked).";
  c.min_positional = 1;  // run_rubric says what is missing after the action
  c.max_positional = SIZE_MAX;
  c.run = run_rubric;
  return c;
}

}  // namespace credence::cli
