// Printing outlet profiles and comparisons as text, CSV and JSON.
#pragma once
#include <boost/json/object.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "consensus_util.hpp"
#include "credence/scoring/profile.hpp"

namespace credence::cli {

// "majority vote of ann_a, ann_b, ann_c (curated labels override)".
std::string consensus_basis(const ConsensusSettings& settings, const StudyConsensus& consensus);

boost::json::object profiles_json(const std::vector<scoring::SourceProfile>& profiles, const std::string& basis);
boost::json::object comparisons_json(const std::vector<scoring::Comparison>& comparisons, const std::string& basis);
void print_profiles(const std::vector<scoring::SourceProfile>& profiles, std::ostream& out);
void print_profiles_csv(const std::vector<scoring::SourceProfile>& profiles, std::ostream& out);

// "12.3 [8.1, 15.0]" or "undefined: reason".
std::string format_estimate(const scoring::Estimate& estimate, const std::string& unit);

}  // namespace credence::cli
