// Gwet's AC1/AC2: the many-rater machinery with Gwet's chance model.
#include "credence/scoring/gwet.hpp"

#include "multi_rater.hpp"

namespace credence::scoring {

CoefficientResult gwet_ac1(const ReliabilityData& data, std::span<const std::uint32_t> unit_weights) {
  return gwet_ac2(data, KappaOptions{}, unit_weights);
}

CoefficientResult gwet_ac2(const ReliabilityData& data, const KappaOptions& options,
                           std::span<const std::uint32_t> unit_weights) {
  return detail::multi_rater_coefficient(data, weights_for(data, options), detail::ChanceModel::gwet, unit_weights);
}

}  // namespace credence::scoring
