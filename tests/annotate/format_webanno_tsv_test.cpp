// Tests for format_webanno_tsv.cpp: the WebAnno TSV 3 reader's messages word for word (an empty file, a
// file that is not UTF-8, malformed token lines, a @feature the layer does not have), good tokens still read.
#include "credence/annotate/format_webanno_tsv.hpp"

#include <gtest/gtest.h>

#include "format_test_util.hpp"
#include "test_util.hpp"

namespace ann = credence::annotate;
using credence::testing::read_input;
using credence::testing::TempDir;
using credence::testing::write_input;

TEST(WebannoTsvReader, MalformedTokenLines) {
  TempDir dir;
  const auto file = write_input(dir / "doc" / "ann1.tsv",
                                "#FORMAT=WebAnno TSV 3.3\n"                           // 1
                                "#T_SP=webanno.custom.Credence|label\n"              // 2
                                "\n\n"                                               // 3, 4
                                "#Text=They are thugs.\n"                            // 5
                                "1-1\t0-4\tThey\t_\n"                                // 6
                                "1-2\n"                                              // 7
                                "1-3\t5-8\tare\n"                                    // 8
                                "1-4\t9-x\tthugs\tloaded_language.name_calling\n"    // 9
                                "1-4\t9-14\tthugs\tloaded_language.name_calling\n"); // 10
  const auto r = read_input(ann::LabelFormat::webanno_tsv, {file});
  EXPECT_EQ(r.messages,
            (std::vector<std::string>{
                file + ":7:1: error: expected SENTENCE-TOKEN<TAB>BEGIN-END<TAB>TOKEN and 1 annotation columns",
                file + ":8:1: error: token line has 0 annotation columns, the header declares 1",
                file + ":9:5: error: bad offsets '9-x'; expected BEGIN-END in UTF-16 units"}));
  EXPECT_EQ(r.label_names, (std::vector<std::vector<std::string>>{{"loaded_language.name_calling"}}));
}

TEST(WebannoTsvReader, FeatureNamedByTheMapIsMissing) {
  TempDir dir;
  const auto file = write_input(dir / "doc" / "ann1.tsv",
                                "#FORMAT=WebAnno TSV 3.3\n"
                                "#T_SP=webanno.custom.Propaganda|label\n"
                                "\n\n"
                                "#Text=They are thugs.\n"
                                "1-1\t0-4\tThey\t_\n"
                                "1-2\t5-8\tare\t_\n"
                                "1-3\t9-14\tthugs\tloaded_language.name_calling\n");
  ann::LabelMap map;
  map.features["webanno.custom.Propaganda"] = "Technique";
  const auto r = read_input(ann::LabelFormat::webanno_tsv, {file}, &map);
  EXPECT_EQ(r.messages, std::vector<std::string>{file + ":2:7: error: layer webanno.custom.Propaganda has no feature 'Technique' "
                                                        "(named by @feature in the map)"});
  EXPECT_EQ(r.label_names, (std::vector<std::vector<std::string>>{{}}));
}

TEST(WebannoTsvReader, FilesThatCannotBeUsed) {
  TempDir dir;
  const auto empty = write_input(dir / "a" / "ann1.tsv", "\n\n");
  const auto latin1 = write_input(dir / "b" / "ann1.tsv", "#FORMAT=WebAnno TSV 3.3\n#Text=caf\xE9\n");
  const auto r = read_input(ann::LabelFormat::webanno_tsv, {empty, latin1});
  EXPECT_EQ(r.messages,
            (std::vector<std::string>{
                empty + ": error: empty file; expected '#FORMAT=WebAnno TSV 3.x'",
                latin1 + ": byte 33: error: invalid UTF-8 (mixed encodings?); INCEpTION writes UTF-8, was the file re-saved?"}));
  EXPECT_TRUE(r.label_names.empty());
}
