// Renderings of an agreement report: the JSON object of `--json` and the table a person reads.
#pragma once
#include <boost/json/object.hpp>
#include <ostream>

#include "credence/scoring/agreement.hpp"

namespace credence::cli {

// {"n_units","n_coders","n_values","n_pairable","level","weights","coefficients":{NAME:{"value","se","ci95",
// "ci_method","undefined_reason"}},"per_category","coincidence","per_pair","per_coder"}; undefined values are null.
boost::json::object agreement_report_json(const scoring::AgreementReport& report);

// The human-readable table: coefficients with intervals, per category, per pair, each coder against the rest.
void print_agreement_table(const scoring::AgreementReport& report, std::ostream& out);

}  // namespace credence::cli
