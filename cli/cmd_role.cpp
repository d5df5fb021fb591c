// `credence role STUDY ARTICLE PASSAGE ROLE`: corrects a passage's role; the correction is kept.
#include <charconv>
#include <climits>

#include "commands.hpp"
#include "credence/annotate/store.hpp"
#include "study_util.hpp"

namespace credence::cli {

namespace ann = credence::annotate;

namespace {

// Digits only (no sign, no spaces, no "2x" read as 2), within the range of an int64.
bool whole_number(const std::string& text, std::int64_t& value) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return false;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && ptr == text.data() + text.size();
}

int run_role(const Args& args, Context& context) {
  auto study = open_study(args.positional.at(0), context, "role");
  if (!study) return k_exit_io;
  const std::string& article_ref = args.positional[1];
  std::optional<std::int64_t> article_id = study->find_article_by_external_id(article_ref);
  if (!article_id) {
    // A store number; digits past the range of an id cannot name an article.
    std::int64_t id = 0;
    if (whole_number(article_ref, id) && study->load_article(id)) article_id = id;
  }
  if (!article_id) {
    context.err << "credence role: no article \"" << article_ref << "\" (give its id or store number; see credence status)\n";
    return k_exit_usage;
  }
  std::int64_t passage_index = 0;
  if (!whole_number(args.positional[2], passage_index) || passage_index > INT_MAX) {
    throw UsageError{"PASSAGE must be a passage index (a whole number from 0, as 'credence segment' lists them), got '" +
                     args.positional[2] + "'"};
  }
  const int passage = static_cast<int>(passage_index);
  const auto role = ann::parse_passage_role(args.positional[3]);
  if (!role) {
    throw UsageError{"unknown role '" + args.positional[3] +
                     "'; use title, byline, caption, heading, body, boilerplate or comment"};
  }
  // Checked here to name the article as the user did and say which indexes exist.
  const auto article = study->load_article(*article_id);
  const std::size_t n_passages = article ? article->passages.size() : 0;
  if (static_cast<std::size_t>(passage) >= n_passages) {
    context.err << "credence role: article \"" << article_ref << "\" has no passage " << passage << "; "
                << (n_passages == 0 ? std::string("it has no passages")
                                    : "its passages are 0 to " + std::to_string(n_passages - 1))
                << " (see credence segment)\n";
    return k_exit_usage;
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
