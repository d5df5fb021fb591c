// One factory per subcommand; each lives in cli/cmd_<verb>.cpp.
#pragma once
#include "command.hpp"

namespace credence::cli {

Command make_init_command();
Command make_import_command();
Command make_status_command();
Command make_segment_command();
Command make_role_command();
Command make_import_labels_command();
Command make_export_command();
Command make_adjudicate_command();
Command make_profile_command();
Command make_compare_command();
Command make_report_command();
Command make_rubric_command();
Command make_agreement_command();
Command make_assign_command();
Command make_annotators_command();
Command make_serve_command();
Command make_pre_annotate_command();

}  // namespace credence::cli
