// The list of subcommands, in the order `credence --help` shows them. Add one line per verb.
#include "command.hpp"
#include "commands.hpp"

namespace credence::cli {

std::vector<Command> all_commands() {
  return {
      make_init_command(),
      make_import_command(),
      make_status_command(),
      make_segment_command(),
      make_role_command(),
      make_rubric_command(),
      make_import_labels_command(),
      make_export_command(),
      make_agreement_command(),
      make_assign_command(),
      make_annotators_command(),
      make_serve_command(),
      make_adjudicate_command(),
      make_profile_command(),
      make_compare_command(),
      make_report_command(),
      make_pre_annotate_command(),
  };
}

}  // namespace credence::cli
