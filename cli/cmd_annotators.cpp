// `credence annotators STUDY [--token NAME]... [--revoke NAME]... [--json]`: lists annotators with their
// assignments, labels and access, and issues or revokes workspace access tokens ("owner" = study owner).
#include <boost/json.hpp>
#include <map>

#include "commands.hpp"
#include "credence/annotate/assignment.hpp"
#include "credence/annotate/assignment_store.hpp"
#include "study_util.hpp"

namespace credence::cli {

namespace {

int run_annotators(const Args& args, Context& context) {
  auto study = open_study(args.positional.at(0), context, "annotators");
  if (!study) return k_exit_io;
  auto holder = [](const std::string& name) { return name == "owner" ? std::string() : name; };
  // Check every name before changing anything.
  for (const auto& opt : {"--token", "--revoke"}) {
    for (const auto& value : args.all(opt)) {
      for (const auto& name : split_list(value)) {
        if (name == "owner") continue;
        if (auto problem = annotate::check_annotator_name(name); !problem.empty()) {
          context.err << "credence annotators: " << opt << ": " << problem << "\n";
          return k_exit_usage;
        }
      }
    }
  }
  try {
    for (const auto& value : args.all("--revoke")) {
      for (const auto& name : split_list(value)) {
        const auto n = annotate::revoke_tokens(*study, holder(name));
        context.out << "revoked " << n << " token" << (n == 1 ? "" : "s") << " of " << name << "\n";
      }
    }
    for (const auto& value : args.all("--token")) {
      for (const auto& name : split_list(value)) {
        const auto token = annotate::issue_token(*study, holder(name));
        context.out << "new token for " << name << ": " << token.token
                    << " (earlier tokens revoked; 'credence serve' prints the login link)\n";
      }
    }
    std::map<std::string, int> assigned = annotate::assignment_load(*study);
    std::map<std::string, std::size_t> labels;
    for (const auto& [key, n] : annotate::current_label_counts(*study)) labels[key.second] += n;
    std::map<std::string, bool> has_token;
    bool owner_token = false;
    for (const auto& t : annotate::list_active_tokens(*study)) {
      if (t.owner) owner_token = true;
      else has_token[t.annotator] = true;
    }
    const auto rows = study->list_annotators();
    if (args.has("--json")) {
      boost::json::array out;
      for (const auto& row : rows) {
        out.push_back({{"name", row.name},
                       {"kind", std::string(annotate::to_string(row.kind))},
                       {"assigned", assigned[row.name]},
                       {"labels", labels[row.name]},
                       {"token", has_token[row.name]}});
      }
      boost::json::object o;
      o["annotators"] = out;
      o["owner_token"] = owner_token;
      context.out << boost::json::serialize(o) << "\n";
      return k_exit_ok;
    }
    if (args.has("--token") || args.has("--revoke")) return k_exit_ok;
    if (rows.empty()) {
      context.out << "no annotators yet; plan work with 'credence assign " << args.positional[0]
                  << " --annotators a,b,c'\n";
      return k_exit_ok;
    }
    context.out << "annotator            kind         assigned   labels  access\n";
    for (const auto& row : rows) {
      char line[256];
      std::snprintf(line, sizeof line, "%-20s %-12s %8d %8zu  %s\n", row.name.c_str(),
                    std::string(annotate::to_string(row.kind)).c_str(), assigned[row.name], labels[row.name],
                    row.kind != annotate::AnnotatorKind::human ? "-" : has_token[row.name] ? "token" : "none");
      context.out << line;
    }
    context.out << "owner access: " << (owner_token ? "token" : "none (created by 'credence serve')") << "\n";
  } catch (const annotate::StoreError& e) {
    context.err << "credence annotators: " << e.what() << "\n";
    return k_exit_io;
  }
  return k_exit_ok;
}

}  // namespace

Command make_annotators_command() {
  Command c;
  c.name = "annotators";
  c.summary = "list annotators; issue or revoke their workspace access tokens";
  c.usage = "credence annotators STUDY [--token NAME]... [--revoke NAME]... [--json]";
  c.description =
      "Lists every annotator with the articles assigned, current labels and whether they have workspace access. "
      "--token NAME issues a new access token (revoking the old one, so an old login link stops working); "
      "--revoke NAME takes access away. NAME 'owner' means the study owner. A new human name is created.";
  c.options = {{"--token", "NAME", "issue a new token for NAME (or 'owner'); repeatable", true},
               {"--revoke", "NAME", "revoke NAME's tokens (or 'owner'); repeatable", true},
               {"--json", "", "print one JSON object"}};
  c.min_positional = 1;
  c.max_positional = 1;
  c.run = run_annotators;
  return c;
}

}  // namespace credence::cli
