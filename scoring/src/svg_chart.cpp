// SVG chart drawing for the report (svg_chart.hpp).
#include "credence/scoring/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace credence::scoring {

namespace {

// A colour-blind-safe palette (Okabe & Ito 2008).
const std::vector<std::string>& palette() {
  // Then lighter and darker variants, so up to 18 series stay distinguishable.
  static const std::vector<std::string> colours = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                                                   "#F0E442", "#000000", "#999999", "#7FB8D8", "#F2CF80", "#80CEB9",
                                                   "#E6BCD3", "#003959", "#EA9F80", "#786F21", "#555555", "#DDDDDD"};
  return colours;
}

std::string num(double value, int digits = 2) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}

std::string px(double value) { return num(value, 1); }

}  // namespace

std::string escape_html(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string svg_bar_chart(const std::string& title, const std::vector<BarDatum>& data, const std::string& unit) {
  const double label_width = 230, plot_width = 360, value_width = 230, row_height = 26, top = 30;
  const double width = label_width + plot_width + value_width;
  const double height = top + row_height * static_cast<double>(std::max<std::size_t>(data.size(), 1)) + 24;
  double lo = 0, hi = 0;
  for (const auto& d : data) {
    if (d.value) {
      lo = std::min(lo, *d.value);
      hi = std::max(hi, *d.value);
    }
    if (d.ci) {
      lo = std::min(lo, d.ci->first);
      hi = std::max(hi, d.ci->second);
    }
  }
  if (hi - lo <= 0) hi = lo + 1;
  const double pad = (hi - lo) * 0.05;
  hi += pad;
  if (lo < 0) lo -= pad;
  auto x = [&](double v) { return label_width + (v - lo) / (hi - lo) * plot_width; };
  const int digits = unit == "per 1,000 words" ? 1 : 2;
  std::ostringstream s;
  s << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"" << px(width) << "\" height=\""
    << px(height) << "\" viewBox=\"0 0 " << px(width) << " " << px(height) << "\"><title>" << escape_html(title)
    << "</title>";
  s << "<text x=\"0\" y=\"18\" class=\"chart-title\">" << escape_html(title) << "</text>";
  s << "<line x1=\"" << px(x(0)) << "\" y1=\"" << px(top - 4) << "\" x2=\"" << px(x(0)) << "\" y2=\""
    << px(height - 20) << "\" stroke=\"#555\" stroke-width=\"1\"/>";
  for (std::size_t i = 0; i < data.size(); ++i) {
    const auto& d = data[i];
    const double y = top + row_height * static_cast<double>(i);
    s << "<text x=\"" << px(label_width - 8) << "\" y=\"" << px(y + 17) << "\" text-anchor=\"end\">"
      << escape_html(d.label) << "</text>";
    if (!d.value) {
      s << "<text x=\"" << px(x(0) + 6) << "\" y=\"" << px(y + 17) << "\" fill=\"#777\">undefined</text>";
      continue;
    }
    const double x0 = std::min(x(0), x(*d.value)), x1 = std::max(x(0), x(*d.value));
    s << "<rect x=\"" << px(x0) << "\" y=\"" << px(y + 5) << "\" width=\"" << px(std::max(x1 - x0, 1.0))
      << "\" height=\"" << px(row_height - 10) << "\" fill=\"" << palette()[0] << "\" fill-opacity=\"0.75\"/>";
    if (d.ci) {
      const double cy = y + row_height / 2;
      s << "<line x1=\"" << px(x(d.ci->first)) << "\" y1=\"" << px(cy) << "\" x2=\"" << px(x(d.ci->second))
        << "\" y2=\"" << px(cy) << "\" stroke=\"#222\" stroke-width=\"1.5\"/>";
      for (double v : {d.ci->first, d.ci->second}) {
        s << "<line x1=\"" << px(x(v)) << "\" y1=\"" << px(cy - 6) << "\" x2=\"" << px(x(v)) << "\" y2=\""
          << px(cy + 6) << "\" stroke=\"#222\" stroke-width=\"1.5\"/>";
      }
    }
    std::string text = num(*d.value, digits);
    if (d.ci) text += " [" + num(d.ci->first, digits) + ", " + num(d.ci->second, digits) + "]";
    if (!d.note.empty()) text += "  " + d.note;
    s << "<text x=\"" << px(label_width + plot_width + 8) << "\" y=\"" << px(y + 17) << "\">" << escape_html(text)
      << "</text>";
  }
  s << "<text x=\"" << px(x(lo)) << "\" y=\"" << px(height - 6) << "\" class=\"axis\">" << num(lo, digits) << "</text>";
  s << "<text x=\"" << px(x(hi)) << "\" y=\"" << px(height - 6) << "\" class=\"axis\" text-anchor=\"end\">"
    << num(hi, digits) << " " << escape_html(unit) << "</text>";
  s << "</svg>";
  return s.str();
}

std::string svg_stacked_bars(const std::string& title, const std::vector<std::string>& series,
                             const std::vector<StackedRow>& rows) {
  const double label_width = 230, plot_width = 480, row_height = 26, top = 30;
  const double legend_rows = std::ceil(static_cast<double>(series.size()) / 2.0);
  const double height = top + row_height * static_cast<double>(std::max<std::size_t>(rows.size(), 1)) + 18 * legend_rows + 12;
  const double width = label_width + plot_width + 20;
  const auto colour = [](std::size_t i) {
    const auto& p = palette();
    return p[i % p.size()];
  };
  std::ostringstream s;
  s << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"" << px(width) << "\" height=\""
    << px(height) << "\" viewBox=\"0 0 " << px(width) << " " << px(height) << "\"><title>" << escape_html(title)
    << "</title><text x=\"0\" y=\"18\" class=\"chart-title\">" << escape_html(title) << "</text>";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const double y = top + row_height * static_cast<double>(r);
    s << "<text x=\"" << px(label_width - 8) << "\" y=\"" << px(y + 17) << "\" text-anchor=\"end\">"
      << escape_html(rows[r].label) << "</text>";
    double total = 0;
    for (double v : rows[r].values) total += v;
    if (total <= 0) {
      s << "<text x=\"" << px(label_width + 4) << "\" y=\"" << px(y + 17) << "\" fill=\"#777\">no labels</text>";
      continue;
    }
    double x = label_width;
    for (std::size_t k = 0; k < rows[r].values.size(); ++k) {
      const double w = rows[r].values[k] / total * plot_width;
      if (w <= 0) continue;
      s << "<rect x=\"" << px(x) << "\" y=\"" << px(y + 4) << "\" width=\"" << px(w) << "\" height=\""
        << px(row_height - 8) << "\" fill=\"" << colour(k) << "\"><title>"
        << escape_html((k < series.size() ? series[k] : "") + ": " + num(100 * rows[r].values[k] / total, 1) + "%")
        << "</title></rect>";
      x += w;
    }
  }
  const double legend_top = top + row_height * static_cast<double>(std::max<std::size_t>(rows.size(), 1)) + 8;
  for (std::size_t k = 0; k < series.size(); ++k) {
    const double lx = label_width + static_cast<double>(k % 2) * (plot_width / 2);
    const double ly = legend_top + 18 * std::floor(static_cast<double>(k) / 2);
    s << "<rect x=\"" << px(lx) << "\" y=\"" << px(ly) << "\" width=\"12\" height=\"12\" fill=\"" << colour(k)
      << "\"/><text x=\"" << px(lx + 16) << "\" y=\"" << px(ly + 10) << "\" class=\"legend\">" << escape_html(series[k])
      << "</text>";
  }
  s << "</svg>";
  return s.str();
}

std::string svg_heatmap(const std::string& title, const std::vector<std::string>& labels,
                        const std::vector<double>& matrix) {
  const std::size_t q = labels.size();
  const double cell = q > 10 ? 34 : 46, left = 250, top = 40;
  const double width = std::max(left + cell * static_cast<double>(q) + 20, 560.0);
  // Long category ids are shortened on the axes; the full name stays in the tooltip.
  auto short_label = [](const std::string& label) {
    return label.size() > 30 ? label.substr(0, 28) + "\u2026" : label;
  };
  const double height = top + cell * static_cast<double>(q) + 130;
  double max = 0;
  for (double v : matrix) max = std::max(max, v);
  std::ostringstream s;
  s << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"" << px(width) << "\" height=\""
    << px(height) << "\" viewBox=\"0 0 " << px(width) << " " << px(height) << "\"><title>" << escape_html(title)
    << "</title><text x=\"0\" y=\"18\" class=\"chart-title\">" << escape_html(title) << "</text>";
  for (std::size_t r = 0; r < q; ++r) {
    const double y = top + cell * static_cast<double>(r);
    s << "<text x=\"" << px(left - 6) << "\" y=\"" << px(y + cell / 2 + 4) << "\" text-anchor=\"end\"><title>"
      << escape_html(labels[r]) << "</title>" << escape_html(short_label(labels[r])) << "</text>";
    for (std::size_t c = 0; c < q && r * q + c < matrix.size(); ++c) {
      const double v = matrix[r * q + c];
      const double t = max > 0 ? v / max : 0;
      const int shade = static_cast<int>(std::lround(255 - t * 200));
      char fill[16];
      std::snprintf(fill, sizeof fill, "#%02x%02xff", shade, shade);
      const double x = left + cell * static_cast<double>(c);
      s << "<rect x=\"" << px(x) << "\" y=\"" << px(y) << "\" width=\"" << px(cell - 1) << "\" height=\""
        << px(cell - 1) << "\" fill=\"" << fill << "\"/>";
      s << "<text x=\"" << px(x + cell / 2) << "\" y=\"" << px(y + cell / 2 + 4) << "\" text-anchor=\"middle\" class=\"cell\""
        << (t > 0.6 ? " fill=\"#fff\"" : "") << ">" << num(v, v == std::floor(v) || v >= 100 ? 0 : 1) << "</text>";
    }
  }
  for (std::size_t c = 0; c < q; ++c) {
    const double x = left + cell * static_cast<double>(c) + cell / 2;
    const double y = top + cell * static_cast<double>(q) + 8;
    s << "<text transform=\"translate(" << px(x) << "," << px(y) << ") rotate(45)\">"
      << escape_html(short_label(labels[c])) << "</text>";
  }
  s << "</svg>";
  return s.str();
}

}  // namespace credence::scoring
