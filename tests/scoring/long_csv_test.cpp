// The long CSV/TSV reader: layouts it accepts and the exact diagnostics for bad input.
#include "credence/scoring/long_csv.hpp"

#include <gtest/gtest.h>

#include "credence/scoring/krippendorff.hpp"

namespace credence::scoring {
namespace {

std::vector<std::string> messages(const LongCsvResult& result) {
  std::vector<std::string> out;
  for (const auto& d : result.diagnostics) out.push_back(d.render());
  return out;
}

TEST(LongCsv, ReadsUnitsCodersAndMissingValues) {
  const auto result = read_long_csv("unit,coder,value\nu1,ann,1\nu1,bob,2\nu2,ann,\nu2,bob,3\n", "r.csv");
  ASSERT_TRUE(result.data) << messages(result).at(0);
  EXPECT_EQ(result.rows, 4u);
  EXPECT_EQ(result.missing_values, 1u);
  EXPECT_EQ(result.data->unit_count(), 2u);
  EXPECT_EQ(result.data->coder_count(), 2u);
  EXPECT_EQ(result.data->code(1, 0), ReliabilityData::k_missing);
  EXPECT_EQ(result.data->labels(), (std::vector<std::string>{"1", "2", "3"}));
}

TEST(LongCsv, NamedColumnsTabsQuotesAndCrLf) {
  LongCsvOptions options;
  options.unit_column = "item";
  options.coder_column = "rater";
  options.value_column = "label";
  const auto tsv = read_long_csv("rater\titem\tlabel\r\nx\ti1\ta\r\ny\ti1\tb\r\n", "r.tsv", options);
  ASSERT_TRUE(tsv.data);
  EXPECT_EQ(tsv.data->coder_ids(), (std::vector<std::string>{"x", "y"}));
  const auto quoted = read_long_csv("item,rater,label\n\"i,1\",x,\"say \"\"no\"\"\"\n\"i,1\",y,b\n", "q.csv", options);
  ASSERT_TRUE(quoted.data);
  EXPECT_EQ(quoted.data->unit_ids()[0], "i,1");
  EXPECT_EQ(quoted.data->labels()[1], "say \"no\"");
}

TEST(LongCsv, MissingColumnNamesTheColumnsFound) {
  const auto result = read_long_csv("unit,rater,value\nu1,a,1\n", "r.csv");
  EXPECT_FALSE(result.data);
  EXPECT_EQ(messages(result),
            (std::vector<std::string>{"r.csv:1:1: error: the header has no coder column 'coder' (columns: unit, rater, value)"}));
}

TEST(LongCsv, EveryRaggedRowIsReportedWithItsLine) {
  const auto result = read_long_csv("unit,coder,value\nu1,a,1\nu1,b\nu2,a,1,9\nu2,b,2\n", "r.csv");
  EXPECT_FALSE(result.data);
  EXPECT_EQ(messages(result), (std::vector<std::string>{"r.csv:3:1: error: row has 2 fields, the header has 3",
                                                        "r.csv:4:1: error: row has 4 fields, the header has 3"}));
}

TEST(LongCsv, DuplicateRatingNamesUnitCoderAndBothLines) {
  const std::string text = "unit,coder,value\nu1,a,1\nu1,b,2\nu1,a,3\n";
  const auto result = read_long_csv(text, "r.csv");
  EXPECT_FALSE(result.data);
  EXPECT_EQ(messages(result), (std::vector<std::string>{"r.csv:4:1: error: coder 'a' rated unit 'u1' twice (first on "
                                                        "line 2); use --duplicates first or last to keep one"}));
  LongCsvOptions first;
  first.duplicates = DuplicatePolicy::first;
  EXPECT_EQ(read_long_csv(text, "r.csv", first).data->labels()[static_cast<std::size_t>(
                read_long_csv(text, "r.csv", first).data->code(0, 0))], "1");
  LongCsvOptions last;
  last.duplicates = DuplicatePolicy::last;
  const auto kept = read_long_csv(text, "r.csv", last);
  EXPECT_EQ(kept.data->labels()[static_cast<std::size_t>(kept.data->code(0, 0))], "3");
}

TEST(LongCsv, NonNumericValueAtIntervalLevelNamesLineAndValue) {
  LongCsvOptions options;
  options.require_numbers = true;
  const auto result = read_long_csv("unit,coder,value\nu1,a,1\nu1,b,high\nu2,a,high\nu2,b,2\n", "r.csv", options);
  EXPECT_FALSE(result.data);
  EXPECT_EQ(messages(result),
            (std::vector<std::string>{"r.csv:3:6: error: value 'high' is not a number (the level needs numbers)"}));
}

TEST(LongCsv, SingleCoderAndEmptyInputs) {
  EXPECT_EQ(messages(read_long_csv("unit,coder,value\nu1,a,1\nu2,a,2\n", "r.csv")),
            (std::vector<std::string>{"r.csv: error: only one coder ('a'); agreement needs at least two coders"}));
  EXPECT_EQ(messages(read_long_csv("", "r.csv")),
            (std::vector<std::string>{"r.csv: error: the file is empty; expected a header line naming the unit, "
                                      "coder and value columns"}));
  EXPECT_EQ(messages(read_long_csv("unit,coder,value\n", "r.csv")),
            (std::vector<std::string>{"r.csv: error: no data rows after the header"}));
}

TEST(LongCsv, ValueOutsideTheGivenOrderNamesItsLine) {
  LongCsvOptions options;
  options.order.explicit_order = {"low", "high"};
  const auto result = read_long_csv("unit,coder,value\nu1,a,low\nu1,b,mid\n", "r.csv", options);
  EXPECT_FALSE(result.data);
  EXPECT_EQ(messages(result), (std::vector<std::string>{"r.csv:3: error: value 'mid' is not in the category order given"}));
}

TEST(LongCsv, MatrixTooLargeIsReportedNotAllocated) {
  LongCsvOptions options;
  options.max_cells = 3;
  const auto result = read_long_csv("unit,coder,value\nu1,a,1\nu2,b,1\n", "r.csv", options);
  EXPECT_FALSE(result.data);
  EXPECT_EQ(messages(result), (std::vector<std::string>{
                                  "r.csv: error: 2 units x 2 coders is more than the 3 cells the units x coders matrix "
                                  "may hold"}));
}

TEST(LongCsv, MissingFileIsAnIoError) {
  const auto result = read_long_csv_file("/nonexistent/ratings.csv");
  EXPECT_TRUE(result.io_error);
  EXPECT_EQ(messages(result), (std::vector<std::string>{"/nonexistent/ratings.csv: error: cannot open: No such file or directory"}));
}

TEST(LongCsv, ReadsTheKrippendorffExampleFromDisk) {
  const auto result = read_long_csv_file(std::string(CREDENCE_TEST_DATA) + "/scoring/krippendorff_2011.csv");
  ASSERT_TRUE(result.data);
  EXPECT_NEAR(*krippendorff_alpha(*result.data, {Level::interval, {}}).alpha.value, 0.849, 0.0005);
}

TEST(LongCsv, UnterminatedQuotesNameTheLine) {
  const auto header = read_long_csv("unit,\"coder,value\nu1,a,1\n", "r.csv");
  EXPECT_FALSE(header.data);
  EXPECT_EQ(messages(header), (std::vector<std::string>{"r.csv:1:1: error: unterminated quoted field in the header"}));
  const auto row = read_long_csv("unit,coder,value\nu1,a,1\nu1,\"b,2\nu2,a,1\n", "r.csv");
  EXPECT_FALSE(row.data);
  EXPECT_EQ(messages(row), (std::vector<std::string>{"r.csv:3:1: error: unterminated quoted field"}));
}

TEST(LongCsv, EmptyUnitOrCoderNamesItsColumn) {
  LongCsvOptions options;
  options.coder_column = "rater";
  const auto result = read_long_csv("unit,rater,value\n,a,1\nu1,,2\nu1,a,1\nu1,b,1\n", "r.csv", options);
  EXPECT_FALSE(result.data);
  EXPECT_EQ(messages(result), (std::vector<std::string>{"r.csv:2:1: error: empty unit in column 'unit'",
                                                        "r.csv:3:4: error: empty coder in column 'rater'"}));
}

TEST(LongCsv, ErrorsBeyondTheLimitAreCounted) {
  LongCsvOptions options;
  options.max_diagnostics = 2;
  const auto result = read_long_csv("unit,coder,value\nu1\nu2\nu3\nu4\nu5\n", "r.csv", options);
  EXPECT_FALSE(result.data);
  EXPECT_EQ(messages(result), (std::vector<std::string>{"r.csv:2:1: error: row has 1 fields, the header has 3",
                                                        "r.csv:3:1: error: row has 1 fields, the header has 3",
                                                        "r.csv: error: 3 more errors not shown"}));
}

}  // namespace
}  // namespace credence::scoring
