// `credence role STUDY ARTICLE PASSAGE ROLE`: corrects a passage's role; the correction is kept.
#include "commands.hpp"
#include "credence/annotate/store.hpp"
#include "study_util.hpp"

namespace credence::cli {

namespace ann = credence::annotate;

namespace {

int run_role(const Args& args, Context& context) {
  auto study = open_study(args.positional.at(0), context, "role");
  if (!study) return k_exit_io;
  const std::string& article_ref = args.positional[1];
  std::optional<std::int64_t> article_id = study->find_article_by_external_id(article_ref);
  if (!article_id && !article_ref.empty() && article_ref.find_first_not_of("0123456789") == std::string::npos) {
    const auto id = std::stoll(article_ref);
    if (study->load_article(id)) article_id = id;
  }
  if (!article_id) {
    context.err << "credence role: no article \"" << article_ref << "\" (give its id or store number; see credence status)\n";
    return k_exit_usage;
  }
  int passage = 0;
  try {
    passage = std::stoi(args.positional[2]);
  } catch (const std::exception&) {
    throw UsageError{"PASSAGE must be a passage index, got '" + args.positional[2] + "'"};
  }
  const auto role = ann::parse_passage_role(args.positional[3]);
  if (!role) {
    throw UsageError{"unknown role '" + args.positional[3] +
                     "'; use title, byline, caption, heading, body, boilerplate or comment"};
  }
  try {
    study->correct_role(*article_id, passage, *role, args.get_or("--by", "owner"));
  } catch (const std::invalid_argument& e) {
    context.err << "credence role: " << e.what() << "\n";
    return k_exit_usage;
  } catch (const ann::StoreError& e) {
    context.err << "credence role: " << e.what() << "\n";
    return k_exit_io;
  }
  context.out << "passage " << passage << " of " << article_ref << " is now " << ann::to_string(*role) << "\n";
  return k_exit_ok;
}

}  // namespace

Command make_role_command() {
  Command c;
  c.name = "role";
  c.summary = "correct the role of a passage (kept across re-imports)";
  c.usage = "credence role STUDY ARTICLE PASSAGE ROLE [--by NAME]";
  c.options = {{"--by", "NAME", "who made the correction (default: owner)"}};
  c.min_positional = 4;
  c.max_positional = 4;
  c.run = run_role;
  return c;
}

}  // namespace credence::cli
