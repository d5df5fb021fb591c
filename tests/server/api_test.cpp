// API tests against a running server on loopback: authentication, 401/403, assignment visibility,
// label validation (every bad input is a 4xx that stores nothing), edits with history, owner views.
#include <sqlite3.h>

#include <thread>

#include "credence/server/api.hpp"
#include "server_fixture.hpp"

namespace credence::testing {
namespace {

namespace json = boost::json;

std::int64_t count_rows(const std::filesystem::path& folder) {
  auto study = credence::annotate::Study::open(folder);
  return static_cast<std::int64_t>(study.summary().n_annotations_total);
}

sqlite3* study_db(credence::annotate::Study& study) { return static_cast<sqlite3*>(study.native_handle()); }

// The first body passage of a document, as the API returns it.
json::object first_body(const json::value& doc) {
  for (const auto& p : doc.at("passages").as_array()) {
    if (p.at("role").as_string() == "body") return p.as_object();
  }
  return {};
}

json::object span_label(std::int64_t doc, std::int64_t start, std::int64_t end, const std::string& category = "pejorative_label") {
  return {{"document", doc}, {"rubric", "loaded_language"}, {"dimension", "loaded_language"},
          {"start", start}, {"end", end}, {"category", category}};
}

TEST_F(ServerTest, RequestsWithoutAValidTokenGet401) {
  HttpClient c(server_->port());
  auto r = c.get("/api/session", "");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.error(), "missing access token: send 'Authorization: Bearer TOKEN' (open your login link)");
  r = c.get("/api/queue", "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.error(), "unknown or revoked access token; ask the study owner for a new login link");
  r = c.request("GET", "/api/session", "");
  EXPECT_EQ(r.status, 401);
}

TEST_F(ServerTest, SessionNamesTheCaller) {
  HttpClient c(server_->port());
  auto r = c.get("/api/session", tokens_["alice"]);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json().at("annotator").as_string(), "alice");
  EXPECT_FALSE(r.json().at("owner").as_bool());
  r = c.get("/api/session", owner_);
  EXPECT_TRUE(r.json().at("owner").as_bool());
}

TEST_F(ServerTest, RevokedTokenStopsWorkingAtOnce) {
  HttpClient c(server_->port());
  ASSERT_EQ(c.get("/api/session", tokens_["bob"]).status, 200);
  {
    auto study = credence::annotate::Study::open(folder_);
    EXPECT_EQ(credence::annotate::revoke_tokens(study, "bob"), 1u);
  }
  EXPECT_EQ(c.get("/api/session", tokens_["bob"]).status, 401);
}

TEST_F(ServerTest, AnnotatorSeesOnlyAssignedDocuments) {
  HttpClient c(server_->port());
  auto queue = c.get("/api/queue", tokens_["alice"]).json();
  std::set<std::int64_t> listed;
  for (const auto& d : queue.at("documents").as_array()) listed.insert(d.at("id").as_int64());
  const std::set<std::int64_t> expected(assigned_["alice"].begin(), assigned_["alice"].end());
  EXPECT_EQ(listed, expected);
  EXPECT_EQ(queue.at("total").as_int64(), static_cast<std::int64_t>(expected.size()));
  const auto other = not_assigned_to("alice");
  ASSERT_NE(other, 0);
  auto r = c.get("/api/documents/" + std::to_string(other), tokens_["alice"]);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.error(), "document " + std::to_string(other) + " is not assigned to you");
  EXPECT_EQ(c.get("/api/documents/999", tokens_["alice"]).status, 404);
  EXPECT_EQ(c.get("/api/documents/" + std::to_string(assigned_to("alice")), tokens_["alice"]).status, 200);
}

TEST_F(ServerTest, OwnerOnlyActionsAre403ForAnnotators) {
  HttpClient c(server_->port());
  for (const char* path : {"/api/progress", "/api/assignments", "/api/export", "/api/compare?document=1&a=alice&b=bob"}) {
    auto r = c.get(path, tokens_["alice"]);
    EXPECT_EQ(r.status, 403) << path;
    EXPECT_EQ(r.error().rfind("only the study owner may ", 0), 0u) << r.body;
    EXPECT_EQ(c.get(path, owner_).status, 200) << path;
  }
  auto r = c.post("/api/adjudicate", tokens_["alice"], json::object{{"from_label", 1}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.error(), "only the study owner may adjudicate");
}

TEST_F(ServerTest, SpanLabelIsStoredAndSurvivesAServerRestart) {
  const auto doc_id = assigned_to("alice");
  std::int64_t label_id = 0;
  {
    HttpClient c(server_->port());
    auto doc = c.get("/api/documents/" + std::to_string(doc_id), tokens_["alice"]).json();
    auto p = first_body(doc);
    ASSERT_FALSE(p.empty());
    const auto start = p.at("start").as_int64();
    auto r = c.post("/api/labels", tokens_["alice"], span_label(doc_id, start + 1, start + 5));
    ASSERT_EQ(r.status, 201) << r.body;
    label_id = r.json().at("id").as_int64();
    EXPECT_EQ(r.json().at("passage").as_int64(), p.at("index").as_int64());
    EXPECT_EQ(r.json().at("annotator").as_string(), "alice");
  }
  server_.reset();
  server_ = std::make_unique<credence::server::Server>(folder_, credence::server::ServerOptions{"127.0.0.1", 0});
  server_->start();
  HttpClient c(server_->port());
  auto doc = c.get("/api/documents/" + std::to_string(doc_id), tokens_["alice"]).json();
  ASSERT_EQ(doc.at("labels").as_array().size(), 1u);
  EXPECT_EQ(doc.at("labels").as_array()[0].at("id").as_int64(), label_id);
  // Other annotators do not see alice's labels, even on a shared document.
  for (const auto& name : {"bob", "carol"}) {
    auto r = c.get("/api/documents/" + std::to_string(doc_id), tokens_[name]);
    if (r.status == 200) {
      EXPECT_TRUE(r.json().at("labels").as_array().empty()) << name;
    } else {
      EXPECT_EQ(r.status, 403);
    }
  }
}

TEST_F(ServerTest, BadLabelsGet4xxWithAMessageAndStoreNothing) {
  const auto doc_id = assigned_to("alice");
  HttpClient c(server_->port());
  auto doc = c.get("/api/documents/" + std::to_string(doc_id), tokens_["alice"]).json();
  auto p = first_body(doc);
  const auto start = p.at("start").as_int64();
  const auto end = p.at("end").as_int64();
  const auto length = doc.at("length").as_int64();
  const auto before = count_rows(folder_);
  const std::string doc_s = std::to_string(doc_id);

  struct Case {
    std::string body;
    int status;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"{\"document\": 1, ", 400, "malformed JSON at byte 16: incomplete JSON"},
      {"[1,2]", 400, "the request body must be a JSON object"},
      {"", 400, "the request needs a JSON object body"},
      {json::serialize(span_label(doc_id, start + 5, start + 1)), 422,
       "offsets reversed or empty: start " + std::to_string(start + 5) + " is not before end " + std::to_string(start + 1)},
      {json::serialize(span_label(doc_id, start + 1, length + 10)), 422,
       "end " + std::to_string(length + 10) + " is past the end of document " + doc_s + " (" + std::to_string(length) +
           " code points)"},
      {json::serialize(span_label(doc_id, -3, start + 2)), 422,
       "offsets must not be negative (start -3, end " + std::to_string(start + 2) + ")"},
      {json::serialize(span_label(doc_id, start + 1, start + 4, "rude")), 422,
       "dimension 'loaded_language' has no category 'rude' (it has: name_calling, pejorative_label, emotional_appeal, "
       "exaggeration, dehumanising, scare_quotes)"},
      {json::serialize(json::object{{"document", doc_id}, {"rubric", "loaded_language"}, {"dimension", "tone"},
                                    {"start", start}, {"end", start + 2}, {"category", "x"}}),
       422, "rubric 'loaded_language' has no dimension 'tone'"},
      {json::serialize(json::object{{"document", doc_id}, {"rubric", "nosuch"}, {"dimension", "x"}, {"category", "x"}}),
       422, "rubric 'nosuch' is not in this study"},
      {json::serialize(json::object{{"document", doc_id}, {"rubric", "framing"}, {"dimension", "frame"}, {"category", "economic"}}),
       422, "dimension 'frame' is labelled per passage: field 'passage' is required"},
      {json::serialize(json::object{{"document", doc_id}, {"rubric", "framing"}, {"dimension", "frame"}, {"passage", 99},
                                    {"category", "economic"}}),
       422, "document " + doc_s + " has no passage 99 (it has " + std::to_string(doc.at("passages").as_array().size()) + ")"},
      {json::serialize(json::object{{"document", doc_id}, {"rubric", "framing"}, {"dimension", "tone"}, {"passage", 0},
                                    {"category", "pro"}}),
       422, "dimension 'tone' is an article question: send no passage or offsets"},
      {json::serialize(json::object{{"document", "one"}, {"rubric", "framing"}}), 400, "field 'document' must be an integer"},
      {json::serialize(span_label(not_assigned_to("alice"), 0, 3)), 403,
       "document " + std::to_string(not_assigned_to("alice")) + " is not assigned to you"},
      {json::serialize(span_label(987654, 0, 3)), 404, "no document with id 987654"},
  };
  for (const auto& k : cases) {
    auto r = c.request("POST", "/api/labels", tokens_["alice"], k.body, true);
    EXPECT_EQ(r.status, k.status) << k.body << " -> " << r.body;
    EXPECT_EQ(r.error(), k.error) << k.body;
  }
  // A span that runs over the passage end.
  if (end < length) {
    auto r = c.post("/api/labels", tokens_["alice"], span_label(doc_id, end - 2, end + 2));
    EXPECT_EQ(r.status, 422);
    EXPECT_EQ(r.error(), "span " + std::to_string(end - 2) + ".." + std::to_string(end + 2) +
                             " is not inside one passage; select text within a single passage");
  }
  EXPECT_EQ(count_rows(folder_), before);
}

TEST_F(ServerTest, NonBodyPassagesCannotBeLabelled) {
  HttpClient c(server_->port());
  for (const auto& [name, token] : tokens_) {
    for (const auto id : assigned_[name]) {
      auto doc = c.get("/api/documents/" + std::to_string(id), token).json();
      for (const auto& p : doc.at("passages").as_array()) {
        if (p.at("role").as_string() == "body") continue;
        const auto idx = p.at("index").as_int64();
        auto r = c.post("/api/labels", token,
                        json::object{{"document", id}, {"rubric", "framing"}, {"dimension", "frame"}, {"passage", idx},
                                     {"category", "economic"}});
        EXPECT_EQ(r.status, 422);
        EXPECT_EQ(r.error(), "passage " + std::to_string(idx) + " is a " + std::string(p.at("role").as_string()) +
                                 " passage; dimension 'frame' applies to body passages only");
        return;
      }
    }
  }
  GTEST_SKIP() << "the fixture articles have no non-body passage";
}

TEST_F(ServerTest, EditsKeepHistoryAndStaleEditsAre409) {
  const auto doc_id = assigned_to("alice");
  HttpClient c(server_->port());
  auto doc = c.get("/api/documents/" + std::to_string(doc_id), tokens_["alice"]).json();
  const auto p = first_body(doc);
  auto created = c.post("/api/labels", tokens_["alice"],
                        json::object{{"document", doc_id}, {"rubric", "framing"}, {"dimension", "frame"},
                                     {"passage", p.at("index")}, {"category", "economic"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto v1 = created.json().at("id").as_int64();
  // A second frame on the same passage is refused: frame takes one category per passage.
  auto dup = c.post("/api/labels", tokens_["alice"],
                    json::object{{"document", doc_id}, {"rubric", "framing"}, {"dimension", "frame"},
                                 {"passage", p.at("index")}, {"category", "morality"}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.error(), "you already labelled this passage for 'frame' (label " + std::to_string(v1) +
                             "); edit that label instead");
  auto edited = c.put("/api/labels/" + std::to_string(v1), tokens_["alice"],
                      json::object{{"category", "morality"}, {"note", "second thoughts"}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  const auto v2 = edited.json().at("id").as_int64();
  EXPECT_EQ(edited.json().at("supersedes").as_int64(), v1);
  const auto rows = count_rows(folder_);
  auto stale = c.put("/api/labels/" + std::to_string(v1), tokens_["alice"], json::object{{"category", "political"}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.error(), "label " + std::to_string(v1) + " was changed meanwhile (the current version is " +
                               std::to_string(v2) + "); reload the document and edit again");
  EXPECT_EQ(count_rows(folder_), rows);
  // Bob may not touch alice's label.
  auto theirs = c.put("/api/labels/" + std::to_string(v2), tokens_["bob"], json::object{{"category", "political"}});
  EXPECT_EQ(theirs.status, 403);
  EXPECT_EQ(theirs.error(), "label " + std::to_string(v2) + " is not yours");
  auto history = c.get("/api/labels/" + std::to_string(v2) + "/history", tokens_["alice"]).json().as_array();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].at("category").as_string(), "economic");
  EXPECT_EQ(history[1].at("category").as_string(), "morality");
  EXPECT_EQ(history[1].at("note").as_string(), "second thoughts");
  auto deleted = c.request("DELETE", "/api/labels/" + std::to_string(v2), tokens_["alice"]);
  EXPECT_EQ(deleted.status, 200);
  auto again = c.request("DELETE", "/api/labels/" + std::to_string(v2), tokens_["alice"]);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.error(), "label " + std::to_string(v2) + " was deleted meanwhile; reload the document");
  doc = c.get("/api/documents/" + std::to_string(doc_id), tokens_["alice"]).json();
  EXPECT_TRUE(doc.at("labels").as_array().empty());
}

TEST_F(ServerTest, OverlappingSpansAreAllowed) {
  const auto doc_id = assigned_to("bob");
  HttpClient c(server_->port());
  auto p = first_body(c.get("/api/documents/" + std::to_string(doc_id), tokens_["bob"]).json());
  const auto s = p.at("start").as_int64();
  EXPECT_EQ(c.post("/api/labels", tokens_["bob"], span_label(doc_id, s, s + 10)).status, 201);
  EXPECT_EQ(c.post("/api/labels", tokens_["bob"], span_label(doc_id, s + 5, s + 15, "exaggeration")).status, 201);
  auto claim = json::object{{"document", doc_id}, {"rubric", "unsupported_claims"}, {"dimension", "claim_support"},
                            {"start", s}, {"end", s + 10}, {"category", "unsupported"}};
  EXPECT_EQ(c.post("/api/labels", tokens_["bob"], claim).status, 201);
  // The same span with the same category twice is a duplicate.
  auto dup = c.post("/api/labels", tokens_["bob"], span_label(doc_id, s, s + 10));
  EXPECT_EQ(dup.status, 409);
}

TEST_F(ServerTest, DocumentStatusAndSuggestions) {
  const auto doc_id = assigned_to("carol");
  HttpClient c(server_->port());
  auto doc = c.get("/api/documents/" + std::to_string(doc_id), tokens_["carol"]).json();
  ASSERT_EQ(doc.at("suggestions").as_array().size(), 1u);
  const auto sid = doc.at("suggestions").as_array()[0].at("id").as_int64();
  auto accepted = c.post("/api/suggestions/" + std::to_string(sid), tokens_["carol"], json::object{{"decision", "accept"}});
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(accepted.json().at("label").at("annotator").as_string(), "carol");
  doc = c.get("/api/documents/" + std::to_string(doc_id), tokens_["carol"]).json();
  EXPECT_EQ(doc.at("suggestions").as_array()[0].at("decision").as_string(), "accepted");
  EXPECT_EQ(doc.at("labels").as_array().size(), 1u);
  auto bad = c.post("/api/suggestions/" + std::to_string(sid), tokens_["carol"], json::object{{"decision", "maybe"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.error(), "field 'decision' must be 'accept' or 'reject'");

  auto st = c.post("/api/documents/" + std::to_string(doc_id) + "/status", tokens_["carol"],
                   json::object{{"status", "flagged"}, {"note", "duplicate of another article"}});
  EXPECT_EQ(st.status, 200);
  auto bad_status = c.post("/api/documents/" + std::to_string(doc_id) + "/status", tokens_["carol"],
                           json::object{{"status", "finished"}});
  EXPECT_EQ(bad_status.status, 422);
  EXPECT_EQ(bad_status.error(), "unknown status 'finished'; use open, done, skipped or flagged");
  auto queue = c.get("/api/queue", tokens_["carol"]).json();
  EXPECT_EQ(queue.at("finished").as_int64(), 1);
  auto progress = c.get("/api/progress", owner_).json();
  bool found = false;
  for (const auto& a : progress.at("annotators").as_array()) {
    if (a.at("annotator").as_string() == "carol") {
      EXPECT_EQ(a.at("flagged").as_int64(), 1);
      EXPECT_EQ(a.at("labels").as_int64(), 1);
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(ServerTest, CompareAndAdjudicateKeepRawLabels) {
  // A document shared by two annotators.
  std::int64_t shared = 0;
  std::string a, b;
  for (const auto& [ext, id] : ids_) {
    std::vector<std::string> who;
    for (const auto& [name, list] : assigned_) {
      if (std::find(list.begin(), list.end(), id) != list.end()) who.push_back(name);
    }
    if (who.size() == 2) {
      shared = id;
      a = who[0];
      b = who[1];
      break;
    }
  }
  ASSERT_NE(shared, 0);
  HttpClient c(server_->port());
  auto p = first_body(c.get("/api/documents/" + std::to_string(shared), tokens_[a]).json());
  auto frame = [&](const std::string& category) {
    return json::object{{"document", shared}, {"rubric", "framing"}, {"dimension", "frame"}, {"passage", p.at("index")},
                        {"category", category}};
  };
  auto la = c.post("/api/labels", tokens_[a], frame("economic"));
  auto lb = c.post("/api/labels", tokens_[b], frame("morality"));
  ASSERT_EQ(la.status, 201);
  ASSERT_EQ(lb.status, 201);
  auto cmp = c.get("/api/compare?document=" + std::to_string(shared) + "&a=" + a + "&b=" + b, owner_);
  ASSERT_EQ(cmp.status, 200) << cmp.body;
  EXPECT_EQ(cmp.json().at("differing").as_int64(), 1);
  auto adj = c.post("/api/adjudicate", owner_, json::object{{"from_label", lb.json().at("id")}});
  ASSERT_EQ(adj.status, 201) << adj.body;
  EXPECT_EQ(adj.json().at("annotator").as_string(), "adjudicated");
  EXPECT_EQ(adj.json().at("category").as_string(), "morality");
  // Changing the decision supersedes the adjudicated label; raw labels stay.
  auto adj2 = c.post("/api/adjudicate", owner_, json::object{{"from_label", la.json().at("id")}});
  ASSERT_EQ(adj2.status, 201);
  EXPECT_EQ(adj2.json().at("supersedes").as_int64(), adj.json().at("id").as_int64());
  auto study = credence::annotate::Study::open(folder_);
  credence::annotate::AnnotationFilter f;
  f.article_id = shared;
  f.dimension = "frame";
  std::map<std::string, std::string> current;
  for (const auto& l : study.current_annotations(f)) current[l.annotator] = l.category;
  EXPECT_EQ(current[a], "economic");
  EXPECT_EQ(current[b], "morality");
  EXPECT_EQ(current["adjudicated"], "economic");
  auto exported = c.get("/api/export", owner_);
  EXPECT_EQ(exported.content_type, "application/x-ndjson");
  EXPECT_NE(exported.body.find("\"annotator\":\"adjudicated\""), std::string::npos);
}

TEST_F(ServerTest, BlindAssignmentsHideOutletAuthorAndUrl) {
  // A new article in a blind plan for dave.
  {
    auto study = credence::annotate::Study::open(folder_);
    add_article(study, "blaze-9", "Blaze", "Blaze readers react",
                "Blaze readers react to the spill.\n\nThe Blaze asked the mayor for comment.\n");
    credence::annotate::AssignmentOptions options;
    options.annotators = {"dave"};
    options.blind = true;
    const auto id = *study.find_article_by_external_id("blaze-9");
    auto plan = credence::annotate::plan_assignments({{id, "Blaze"}}, options);
    credence::annotate::store_assignment_plan(study, plan, options);
    tokens_["dave"] = credence::annotate::issue_token(study, "dave").token;
    ids_["blaze-9"] = id;
  }
  HttpClient c(server_->port());
  auto r = c.get("/api/documents/" + std::to_string(ids_["blaze-9"]), tokens_["dave"]);
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = r.json().as_object();
  EXPECT_TRUE(doc.at("blind").as_bool());
  EXPECT_FALSE(doc.contains("outlet"));
  EXPECT_FALSE(doc.contains("author"));
  EXPECT_FALSE(doc.contains("url"));
  EXPECT_FALSE(doc.contains("external_id"));
  EXPECT_EQ(r.body.find("Blaze"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("blaze"), std::string::npos) << r.body;
  // Masking keeps code point offsets: the masked title is as long as the original.
  EXPECT_EQ(std::string(doc.at("title").as_string()), "\u2588\u2588\u2588\u2588\u2588 readers react");
}

TEST_F(ServerTest, WebAssetsAreServedWithASecurityPolicy) {
  HttpClient c(server_->port());
  auto r = c.get("/", "");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("/app.js"), std::string::npos);
  EXPECT_NE(r.headers["Content-Security-Policy"].find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(r.headers["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(c.get("/app.js", "").content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(c.get("/nope.html", "").status, 404);
  auto api404 = c.get("/api/nothing", owner_);
  EXPECT_EQ(api404.status, 404);
  EXPECT_EQ(api404.error(), "no API endpoint /api/nothing (see docs/workspace.md)");
  auto wrong = c.request("DELETE", "/api/queue", owner_);
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.error(), "DELETE is not allowed on /api/queue");
}


// Each API message not covered above, word for word, and that a refused request stores nothing.
TEST_F(ServerTest, BadIdsAndMissingFieldsAre400) {
  HttpClient c(server_->port());
  auto r = c.get("/api/documents/abc", tokens_["alice"]);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error(), "document 'abc' is not a positive integer id");
  r = c.request("DELETE", "/api/labels/0", tokens_["alice"]);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error(), "label '0' is not a positive integer id");
  r = c.post("/api/suggestions/-4", tokens_["alice"], json::object{{"decision", "accept"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error(), "suggestion '-4' is not a positive integer id");
  const auto before = count_rows(folder_);
  r = c.post("/api/labels", tokens_["alice"],
             json::object{{"rubric", "framing"}, {"dimension", "frame"}, {"passage", 0}, {"category", "economic"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error(), "field 'document' is required");
  EXPECT_EQ(count_rows(folder_), before);
  r = c.get("/api/compare?document=1&a=alice", owner_);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error(), "query parameter 'b' is required");
  r = c.get("/api/compare?a=alice&b=bob", owner_);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error(), "query parameter 'document' is required");
}

TEST_F(ServerTest, AnotherAuthorizationSchemeIs401) {
  credence::server::Api api(folder_);
  const auto r = api.handle({"GET", "/api/session", "Basic YWxpY2U6c2VjcmV0", ""});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(json::parse(r.body).at("error").as_string(), "the Authorization header must be 'Bearer TOKEN'");
}

TEST_F(ServerTest, OwnerActionsThatBelongToAnnotatorsAre403) {
  HttpClient c(server_->port());
  const auto doc_id = assigned_to("alice");
  const auto before = count_rows(folder_);
  auto r = c.post("/api/labels", owner_,
                  json::object{{"document", doc_id}, {"rubric", "framing"}, {"dimension", "tone"}, {"category", "pro"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.error(), "the study owner labels in the curation view (POST /api/adjudicate), not here");
  r = c.post("/api/documents/" + std::to_string(doc_id) + "/status", owner_, json::object{{"status", "done"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.error(), "document status belongs to annotators; the owner has no queue");
  auto doc = c.get("/api/documents/" + std::to_string(doc_id), tokens_["alice"]).json();
  const auto sid = doc.at("suggestions").as_array()[0].at("id").as_int64();
  r = c.post("/api/suggestions/" + std::to_string(sid), owner_, json::object{{"decision", "accept"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.error(), "suggestions are reviewed by annotators");
  EXPECT_EQ(count_rows(folder_), before);
}

TEST_F(ServerTest, UnknownLabelsAndSuggestionsAre404) {
  HttpClient c(server_->port());
  auto r = c.put("/api/labels/987654", tokens_["alice"], json::object{{"category", "economic"}});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error(), "no label with id 987654");
  r = c.get("/api/labels/987654/history", tokens_["alice"]);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error(), "no label with id 987654");
  r = c.post("/api/suggestions/987654", tokens_["alice"], json::object{{"decision", "accept"}});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error(), "no machine suggestion with id 987654");
  // A human's label is not a machine suggestion either.
  const auto doc_id = assigned_to("alice");
  auto p = first_body(c.get("/api/documents/" + std::to_string(doc_id), tokens_["alice"]).json());
  auto made = c.post("/api/labels", tokens_["alice"],
                     json::object{{"document", doc_id}, {"rubric", "framing"}, {"dimension", "frame"},
                                  {"passage", p.at("index")}, {"category", "economic"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const auto id = made.json().at("id").as_int64();
  r = c.post("/api/suggestions/" + std::to_string(id), tokens_["alice"], json::object{{"decision", "accept"}});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error(), "no machine suggestion with id " + std::to_string(id));
}

TEST_F(ServerTest, WebFilesAreGetOnly) {
  HttpClient c(server_->port());
  auto r = c.get("/nope.html", "");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error(), "no such page: /nope.html");
  r = c.request("POST", "/index.html", "", "{}", true);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.error(), "only GET serves web files");
}

TEST_F(ServerTest, StaleOrOrphanedLabelsAre409) {
  HttpClient c(server_->port());
  const auto doc_id = assigned_to("carol");
  auto doc = c.get("/api/documents/" + std::to_string(doc_id), tokens_["carol"]).json();
  const auto sid = doc.at("suggestions").as_array()[0].at("id").as_int64();
  auto accepted = c.post("/api/suggestions/" + std::to_string(sid), tokens_["carol"], json::object{{"decision", "accept"}});
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  const auto label_id = accepted.json().at("label").at("id").as_int64();
  const auto rows = count_rows(folder_);
  auto again = c.post("/api/suggestions/" + std::to_string(sid), tokens_["carol"], json::object{{"decision", "accept"}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.error(), "you already have this label (label " + std::to_string(label_id) + ")");
  auto adjudicate = c.post("/api/adjudicate", owner_, json::object{{"from_label", 987654}});
  EXPECT_EQ(adjudicate.status, 409);
  EXPECT_EQ(adjudicate.error(), "label 987654 is not a current label; reload the comparison");
  EXPECT_EQ(count_rows(folder_), rows);
  // The label's dimension renamed behind the server's back: the rubric no longer has it.
  {
    auto study = credence::annotate::Study::open(folder_);
    sqlite3_exec(study_db(study), ("UPDATE annotations SET dimension = 'gone' WHERE id = " + std::to_string(label_id)).c_str(),
                 nullptr, nullptr, nullptr);
  }
  auto edit = c.put("/api/labels/" + std::to_string(label_id), tokens_["carol"], json::object{{"category", "exaggeration"}});
  EXPECT_EQ(edit.status, 409);
  EXPECT_EQ(edit.error(), "label " + std::to_string(label_id) + " refers to a dimension its rubric no longer has");
  EXPECT_EQ(count_rows(folder_), rows);
}

TEST_F(ServerTest, LabelShapeErrorsAre422) {
  const auto doc_id = assigned_to("alice");
  HttpClient c(server_->port());
  auto doc = c.get("/api/documents/" + std::to_string(doc_id), tokens_["alice"]).json();
  const auto p = first_body(doc);
  const auto start = p.at("start").as_int64();
  const auto index = p.at("index").as_int64();
  const auto before = count_rows(folder_);
  auto with = [&](json::object body, const char* key, json::value value) {
    body[key] = value;
    return body;
  };
  auto r = c.post("/api/labels", tokens_["alice"], with(span_label(doc_id, start, start + 3), "unit", "passage"));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error(), "dimension 'loaded_language' is labelled per span, not per passage");
  auto no_end = span_label(doc_id, start, start + 3);
  no_end.erase("end");
  r = c.post("/api/labels", tokens_["alice"], no_end);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error(), "a span label needs 'start' and 'end' (code points into the document text)");
  r = c.post("/api/labels", tokens_["alice"], with(span_label(doc_id, start, start + 3), "passage", index + 1));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error(), "span " + std::to_string(start) + ".." + std::to_string(start + 3) + " lies in passage " +
                           std::to_string(index) + ", not in passage " + std::to_string(index + 1));
  r = c.post("/api/labels", tokens_["alice"], with(span_label(doc_id, start, start + 3), "note", json::string(std::string(10001, 'n'))));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error(), "a note may have at most 10000 bytes");
  // Bytes that are not UTF-8 never reach the note check: the JSON parser refuses them first.
  const auto raw = json::serialize(span_label(doc_id, start, start + 3));
  r = c.request("POST", "/api/labels", tokens_["alice"], raw.substr(0, raw.size() - 1) + ",\"note\":\"\xff\"}", true);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error().rfind("malformed JSON at byte ", 0), 0u) << r.body;
  EXPECT_EQ(count_rows(folder_), before);
}

TEST_F(ServerTest, IntervalDimensionNeedsANumber) {
  {
    auto study = credence::annotate::Study::open(folder_);
    auto loaded = credence::annotate::parse_rubric(
        R"({"id": "heat", "version": "1.0.0", "title": "Heat", "dimensions": [{"id": "temperature", "name": "Temperature",
            "unit": "article", "scale": "interval"}]})",
        "heat.json");
    ASSERT_TRUE(loaded.rubric);
    study.add_rubric({loaded.rubric->id, loaded.rubric->version, loaded.rubric->title, loaded.rubric->json, {}});
  }
  HttpClient c(server_->port());
  const auto doc_id = assigned_to("alice");
  const auto before = count_rows(folder_);
  auto r = c.post("/api/labels", tokens_["alice"],
                  json::object{{"document", doc_id}, {"rubric", "heat"}, {"dimension", "temperature"}, {"value", "warm"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error(), "dimension 'temperature' takes a number in field 'value'");
  EXPECT_EQ(count_rows(folder_), before);
  r = c.post("/api/labels", tokens_["alice"],
             json::object{{"document", doc_id}, {"rubric", "heat"}, {"dimension", "temperature"}, {"value", 21.5}});
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_F(ServerTest, StoreFailureIs503AndStoresNothing) {
  {
    auto study = credence::annotate::Study::open(folder_);
    ASSERT_EQ(sqlite3_exec(study_db(study),
                           "CREATE TRIGGER no_labels BEFORE INSERT ON annotations BEGIN SELECT RAISE(ABORT, "
                           "'disk I/O error (simulated)'); END",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
  }
  const auto before = count_rows(folder_);
  HttpClient c(server_->port());
  const auto doc_id = assigned_to("alice");
  auto p = first_body(c.get("/api/documents/" + std::to_string(doc_id), tokens_["alice"]).json());
  auto r = c.post("/api/labels", tokens_["alice"],
                  json::object{{"document", doc_id}, {"rubric", "framing"}, {"dimension", "frame"},
                               {"passage", p.at("index")}, {"category", "economic"}});
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.error(), "store error: database error: disk I/O error (simulated)");
  EXPECT_EQ(count_rows(folder_), before);
}

// A passage role corrected by another process (`credence role`) shows at the next request, without
// restarting the server.
TEST_F(ServerTest, RoleCorrectedElsewhereShowsWithoutRestart) {
  HttpClient c(server_->port());
  const auto& [name, token] = *tokens_.begin();
  const auto id = assigned_[name].front();
  const auto path = "/api/documents/" + std::to_string(id);
  const auto before = c.get(path, token).json();
  const auto body = first_body(before);
  ASSERT_FALSE(body.empty());
  const int index = static_cast<int>(body.at("index").as_int64());
  {
    auto other = credence::annotate::Study::open(folder_);
    other.correct_role(id, index, credence::annotate::PassageRole::boilerplate, "owner");
  }
  const auto after = c.get(path, token).json();
  const auto& passage = after.at("passages").as_array().at(static_cast<std::size_t>(index));
  EXPECT_EQ(passage.at("role").as_string(), "boilerplate");
}
}  // namespace
}  // namespace credence::testing
