// Small SVG charts for the HTML report, drawn by the project (no scripts, no network): horizontal bars
// with interval whiskers, stacked 100% bars, and a heatmap. Text is escaped; sizes are in pixels.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace credence::scoring {

struct BarDatum {
  std::string label;
  std::optional<double> value;                   // missing = drawn as "undefined"
  std::optional<std::pair<double, double>> ci;   // whisker
  std::string note;                              // shown after the value, e.g. "n = 1,204 words"
};

// One bar per datum, on a shared axis from min(0, lowest) to the highest value or whisker.
std::string svg_bar_chart(const std::string& title, const std::vector<BarDatum>& data, const std::string& unit);

struct StackedRow {
  std::string label;
  std::vector<double> values;  // one per series; drawn as shares of the row total
};

// 100% stacked horizontal bars with a legend; rows with a zero total are drawn empty.
std::string svg_stacked_bars(const std::string& title, const std::vector<std::string>& series,
                             const std::vector<StackedRow>& rows);

// A q x q heatmap (e.g. a coincidence matrix) with row/column labels and the count in each cell.
std::string svg_heatmap(const std::string& title, const std::vector<std::string>& labels,
                        const std::vector<double>& matrix_row_major);

// Escapes &, <, >, " and ' for HTML and SVG text and attributes.
std::string escape_html(const std::string& text);

}  // namespace credence::scoring
