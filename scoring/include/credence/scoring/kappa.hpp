// The kappa family: Cohen's kappa (weighted, with the SAS PROC FREQ asymptotic standard error), Scott's pi,
// Fleiss' kappa generalised to unequal ratings per unit, Conger's kappa, Brennan-Prediger, percent agreement.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "credence/scoring/coefficient_result.hpp"
#include "credence/scoring/reliability_data.hpp"
#include "credence/scoring/weights.hpp"

namespace credence::scoring {

struct KappaOptions {
  WeightScheme weights = WeightScheme::identity;
  std::vector<double> custom_weights;  // q x q agreement weights when weights == custom
};

// The q x q agreement weights these options give for the data (category values from scale_values()).
std::vector<double> weights_for(const ReliabilityData& data, const KappaOptions& options);

// unit_weights (every function): empty, or one multiplicity per unit (the unit bootstrap passes counts).

// Cohen (1960, 1968) kappa for exactly two coders over the units both rated. se and ci95 are the asymptotic ones
// PROC FREQ reports (Fleiss, Cohen & Everitt 1969). Undefined for other coder counts, no common units, or Pe = 1.
CoefficientResult cohen_kappa(const ReliabilityData& data, const KappaOptions& options = {},
                              std::span<const std::uint32_t> unit_weights = {});
// Scott (1955) pi for two coders: chance from the pooled marginals; units both rated.
CoefficientResult scott_pi(const ReliabilityData& data, const KappaOptions& options = {},
                           std::span<const std::uint32_t> unit_weights = {});
// Fleiss (1971) kappa, in Gwet's generalisation to any number of ratings per unit; Gwet's variance.
CoefficientResult fleiss_kappa(const ReliabilityData& data, const KappaOptions& options = {},
                               std::span<const std::uint32_t> unit_weights = {});
// Conger (1980) kappa: chance agreement from each coder's own marginals (Gwet 2014, eq. for missing ratings),
// with Gwet's linearised variance.
CoefficientResult conger_kappa(const ReliabilityData& data, const KappaOptions& options = {},
                               std::span<const std::uint32_t> unit_weights = {});
// Brennan & Prediger (1981): chance agreement T_w / q^2.
CoefficientResult brennan_prediger(const ReliabilityData& data, const KappaOptions& options = {},
                                   std::span<const std::uint32_t> unit_weights = {});
// (Weighted) percent agreement over units with two or more ratings.
CoefficientResult percent_agreement(const ReliabilityData& data, const KappaOptions& options = {},
                                    std::span<const std::uint32_t> unit_weights = {});

}  // namespace credence::scoring
