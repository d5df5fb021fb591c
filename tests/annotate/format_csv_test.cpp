// Tests for format_csv.cpp: the CSV label reader's messages word for word (an empty file, bad quoting,
// rows of the wrong width, empty required cells, offsets that are not numbers), good rows still read.
#include "credence/annotate/format_csv.hpp"

#include <gtest/gtest.h>

#include "format_test_util.hpp"
#include "test_util.hpp"

namespace ann = credence::annotate;
using credence::testing::read_input;
using credence::testing::TempDir;
using credence::testing::write_input;

TEST(CsvLabelReader, EmptyFile) {
  TempDir dir;
  const auto file = write_input(dir / "labels.csv", "");
  const auto r = read_input(ann::LabelFormat::csv, {file});
  EXPECT_EQ(r.messages, std::vector<std::string>{
                            file + ": error: empty file; expected a header line (unit,annotator,dimension,category,start,end,text)"});
  EXPECT_TRUE(r.label_names.empty());
}

TEST(CsvLabelReader, BadRows) {
  TempDir dir;
  const auto file = write_input(dir / "labels.csv",
                                "article,annotator,dimension,category,start,end,text\n"    // 1
                                "a1,ann1,loaded_language,name_calling,9,14,thugs\n"         // 2 good
                                "a1,ann1,\"tone\"x,pro,,,\n"                                // 3
                                "a1,ann1,tone\n"                                            // 4
                                ",ann1,tone,pro,,,\n"                                       // 5
                                "a1,ann1,,pro,,,\n"                                         // 6
                                "a1,ann1,tone,,,,\n"                                        // 7
                                "a1,ann1,loaded_language,name_calling,9,x,thugs\n"          // 8
                                "a1,ann1,tone,caf\xE9,,,\n"                                 // 9
                                "a1,ann1,tone,pro,,,\n");                                   // 10 good
  const auto r = read_input(ann::LabelFormat::csv, {file});
  EXPECT_EQ(r.messages,
            (std::vector<std::string>{
                file + ":3: error: badly quoted field (a quote must be doubled inside a quoted field, and a quoted field must end "
                       "before the comma)",
                file + ":4: error: row has 3 fields, the header has 7",
                file + ":5:1: error: empty article id",
                file + ":6:3: error: empty dimension",
                file + ":7:4: error: empty category (and no value)",
                file + ":8:6: error: start and end must be whole numbers (code points), got '9' and 'x'",
                file + ":9: error: invalid UTF-8; save the file as UTF-8"}));
  EXPECT_EQ(r.label_names, (std::vector<std::vector<std::string>>{{"loaded_language.name_calling", "tone.pro"}}));
}
