// Tests for format_xmi.cpp: the UIMA CAS XMI reader's messages word for word, at the line and column of
// the element, and that the good annotations of a file are still read.
#include "credence/annotate/format_xmi.hpp"

#include <gtest/gtest.h>

#include "format_test_util.hpp"
#include "test_util.hpp"

namespace ann = credence::annotate;
using credence::testing::read_input;
using credence::testing::TempDir;
using credence::testing::write_input;

namespace {

const std::string k_root =
    R"(<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmlns:custom="http:///webanno/custom.ecore">)";

}  // namespace

TEST(XmiReader, BadElements) {
  TempDir dir;
  const auto file = write_input(dir / "doc" / "ann1.xmi",
                                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + k_root + "\n" +
                                    "  <cas:Sofa xmi:id=\"1\" sofaID=\"_InitialView\" sofaString=\"They are thugs.\"/>\n"     // 3
                                    "  <Thing begin=\"0\" end=\"4\"/>\n"                                                      // 4
                                    "  <custom:Credence xmi:id=\"2\" sofa=\"1\" begin=\"-1\" end=\"4\" label=\"tone.pro\"/>\n"  // 5
                                    "  <custom:Credence xmi:id=\"3\" sofa=\"1\" begin=\"9\" end=\"14\" label=\"loaded_language.name_calling\"/>\n"
                                    "</xmi:XMI>\n");
  const auto r = read_input(ann::LabelFormat::xmi, {file});
  EXPECT_EQ(r.messages,
            (std::vector<std::string>{
                file + ":4:3: error: element <Thing> has no namespace prefix; UIMA types are written prefix:Type",
                file + ":5:3: error: begin and end must be whole, non-negative numbers"}));
  EXPECT_EQ(r.label_names, (std::vector<std::vector<std::string>>{{"loaded_language.name_calling"}}));
}

TEST(XmiReader, FeatureNamedByTheMapIsMissing) {
  TempDir dir;
  const auto file = write_input(dir / "doc" / "ann1.xmi",
                                k_root + "\n" +
                                    "  <cas:Sofa xmi:id=\"1\" sofaID=\"_InitialView\" sofaString=\"They are thugs.\"/>\n"
                                    "  <custom:Credence xmi:id=\"2\" sofa=\"1\" begin=\"9\" end=\"14\" label=\"loaded_language.name_calling\"/>\n"
                                    "</xmi:XMI>\n");
  ann::LabelMap map;
  map.features["webanno.custom.Credence"] = "Technique";
  const auto r = read_input(ann::LabelFormat::xmi, {file}, &map);
  EXPECT_EQ(r.messages, std::vector<std::string>{file + ":3:3: error: webanno.custom.Credence has no feature 'Technique' (named by "
                                                        "@feature in the map)"});
  EXPECT_EQ(r.label_names, (std::vector<std::vector<std::string>>{{}}));
}

TEST(XmiReader, FilesThatAreNotCasXmi) {
  TempDir dir;
  const auto latin1 = write_input(dir / "a" / "ann1.xmi", "<x>caf\xE9</x>");
  const auto broken = write_input(dir / "b" / "ann1.xmi", "<xmi:XMI>\n  <cas:Sofa>\n</xmi:XMI>\n");
  const auto other_root = write_input(dir / "c" / "ann1.xmi", "<?xml version=\"1.0\"?>\n<html xmlns:xmi=\"http://www.omg.org/XMI\"/>\n");
  const auto no_text = write_input(dir / "d" / "ann1.xmi", k_root + "\n  <cas:Sofa xmi:id=\"1\" sofaID=\"_InitialView\"/>\n</xmi:XMI>\n");
  const auto no_sofa = write_input(dir / "e" / "ann1.xmi", k_root + "</xmi:XMI>\n");
  const auto r = read_input(ann::LabelFormat::xmi, {latin1, broken, other_root, no_text, no_sofa});
  EXPECT_EQ(r.messages,
            (std::vector<std::string>{
                latin1 + ": byte 6: error: invalid UTF-8 (mixed encodings?); INCEpTION writes UTF-8 XMI",
                broken + ":3:3: error: XML error: Start-end tags mismatch",
                other_root + ":2:1: error: not a UIMA CAS XMI file: the root must be xmi:XMI with xmlns:xmi=\"http://www.omg.org/XMI\"",
                no_text + ":2:3: error: cas:Sofa without sofaString: the document text is missing",
                no_text + ": error: no cas:Sofa with the document text; is this a CAS XMI export?",
                no_sofa + ": error: no cas:Sofa with the document text; is this a CAS XMI export?"}));
  EXPECT_TRUE(r.label_names.empty());
}
