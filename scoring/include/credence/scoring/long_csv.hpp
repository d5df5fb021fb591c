// The fast reader of long-format reliability data (one row per unit, coder, value) from CSV or TSV, with
// line-numbered diagnostics. Bad rows are all reported; no data is returned when any row is bad.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credence/annotate/diagnostic.hpp"
#include "credence/scoring/reliability_data.hpp"

namespace credence::scoring {

// What to do when one coder rated one unit twice.
enum class DuplicatePolicy { error, first, last };

struct LongCsvOptions {
  std::string unit_column = "unit";
  std::string coder_column = "coder";
  std::string value_column = "value";
  char delimiter = 0;               // 0 = tab when the header has a tab and no comma, else comma
  DuplicatePolicy duplicates = DuplicatePolicy::error;
  CategoryOrder order;              // category order (required for ordinal metrics on text labels)
  bool require_numbers = false;     // interval/ratio levels: every non-empty value must be a number
  std::size_t max_diagnostics = 100;  // further errors are counted in one closing diagnostic
  std::size_t max_cells = 400'000'000;  // units x coders limit of the dense matrix (8 bytes per cell while reading)
};

struct LongCsvResult {
  std::optional<ReliabilityData> data;  // empty when any diagnostic is an error
  std::vector<annotate::Diagnostic> diagnostics;
  bool io_error = false;                // the file could not be read (exit code 3 rather than 2)
  std::size_t rows = 0;                 // data rows read
  std::size_t missing_values = 0;       // rows with an empty value
};

// Parses text already in memory; `path` only labels the diagnostics.
LongCsvResult read_long_csv(std::string_view text, const std::string& path, const LongCsvOptions& options = {});
// Maps the file into memory and parses it.
LongCsvResult read_long_csv_file(const std::string& path, const LongCsvOptions& options = {});

}  // namespace credence::scoring
