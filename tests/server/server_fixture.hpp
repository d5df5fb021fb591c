// Test fixture for the workspace API: a temporary study with the shipped rubrics, a few articles from
// two outlets, assignments and tokens, a running server on 127.0.0.1 and a small Beast HTTP client.
#pragma once
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>

#include "credence/annotate/assignment.hpp"
#include "credence/annotate/assignment_store.hpp"
#include "credence/annotate/ingest.hpp"
#include "credence/annotate/rubric.hpp"
#include "credence/annotate/store.hpp"
#include "credence/server/server.hpp"

namespace credence::testing {

struct HttpResult {
  int status = 0;
  std::string body;
  std::string content_type;
  std::map<std::string, std::string> headers;
  [[nodiscard]] boost::json::value json() const { return boost::json::parse(body); }
  [[nodiscard]] std::string error() const {
    auto v = boost::json::parse(body);
    return std::string(v.as_object().at("error").as_string());
  }
};

// One keep-alive connection to the server.
class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port) : socket_(io_) {
    boost::asio::ip::tcp::endpoint endpoint(boost::asio::ip::make_address("127.0.0.1"), port);
    socket_.connect(endpoint);
  }
  HttpResult request(const std::string& method, const std::string& target, const std::string& token,
                     const std::string& body = "", bool send_body = false) {
    namespace http = boost::beast::http;
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    if (send_body || !body.empty()) {
      req.set(http::field::content_type, "application/json");
      req.body() = body;
    }
    req.keep_alive(true);
    req.prepare_payload();
    http::write(socket_, req);
    http::response<http::string_body> res;
    http::read(socket_, buffer_, res);
    HttpResult out;
    out.status = static_cast<int>(res.result_int());
    out.body = res.body();
    out.content_type = std::string(res[http::field::content_type]);
    for (const auto& field : res) out.headers[std::string(field.name_string())] = std::string(field.value());
    return out;
  }
  HttpResult get(const std::string& target, const std::string& token) { return request("GET", target, token); }
  HttpResult post(const std::string& target, const std::string& token, const boost::json::value& body) {
    return request("POST", target, token, boost::json::serialize(body), true);
  }
  HttpResult put(const std::string& target, const std::string& token, const boost::json::value& body) {
    return request("PUT", target, token, boost::json::serialize(body), true);
  }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    folder_ = std::filesystem::temp_directory_path() / ("credence-server-test-" + std::to_string(rd()) + std::to_string(rd()));
    namespace ann = credence::annotate;
    {
      auto study = ann::Study::create(folder_);
      for (const char* name : {"framing", "loaded_language", "unsupported_claims"}) {
        auto r = ann::load_rubric_file(std::string(CREDENCE_SOURCE_DIR) + "/rubrics/" + name + ".json");
        ASSERT_TRUE(r.rubric) << name;
        study.add_rubric({r.rubric->id, r.rubric->version, r.rubric->title, r.rubric->json, {}});
      }
      add_article(study, "m-1", "Meridian Wire", "Velmora water shut",
                  "VELMORA (Meridian Wire) - Residents were told not to drink tap water.\n\n"
                  "A section of the pond wall gave way late on Saturday after heavy rain, the company said. "
                  "Thugs and vandals blocked the road.\n\n"
                  "Officials said the leak was contained.\n");
      add_article(study, "m-2", "Meridian Wire", "Permit suspended",
                  "The inspectorate suspended the permit on Monday.\n\nThe company said it would appeal.\n");
      add_article(study, "b-1", "Blaze", "Eco-zealots shut down jobs",
                  "Radical eco-zealots are destroying the livelihoods of honest workers.\n\n"
                  "Everyone knows the spill was staged.\n");
      add_article(study, "b-2", "Blaze", "Caf\u00e9 owners \U0001F600 fume",
                  "Caf\u00e9 owners say the \U0001F600 closures are a catastrophe for the whole valley.\n\n"
                  "Nobody asked them.\n");
      ann::AssignmentOptions options;
      options.annotators = {"alice", "bob", "carol"};
      options.overlap = 2;
      auto articles = study.list_articles();
      std::vector<ann::PlanArticle> plan_articles;
      for (const auto& a : articles) {
        plan_articles.push_back({a.id, a.meta.source});
        ids_[a.meta.external_id] = a.id;
      }
      auto plan = ann::plan_assignments(plan_articles, options);
      ann::store_assignment_plan(study, plan, options);
      for (const auto& item : plan.items) assigned_[item.annotator].push_back(item.article_id);
      owner_ = ann::issue_token(study, "").token;
      for (const auto& name : options.annotators) tokens_[name] = ann::issue_token(study, name).token;
      // A machine annotator's suggestion on every article.
      for (const auto& a : articles) {
        auto doc = study.load_article(a.id);
        for (const auto& p : doc->passages) {
          if (p.role != ann::PassageRole::body) continue;
          ann::Annotation s;
          s.annotator = "machine:lexicon@1";
          s.rubric_id = "loaded_language";
          s.rubric_version = "1.0.0";
          s.dimension = "loaded_language";
          s.unit = ann::UnitKind::span;
          s.article_id = a.id;
          s.passage_index = p.index;
          s.start = p.start;
          s.end = p.start + 4;
          s.category = "pejorative_label";
          s.confidence = 0.8;
          study.add_annotation(s);
          break;
        }
      }
    }
    server_ = std::make_unique<credence::server::Server>(folder_, credence::server::ServerOptions{"127.0.0.1", 0});
    server_->start();
  }
  void TearDown() override {
    server_.reset();
    std::error_code ec;
    std::filesystem::remove_all(folder_, ec);
  }

  static void add_article(credence::annotate::Study& study, const std::string& id, const std::string& outlet,
                          const std::string& title, const std::string& text) {
    namespace ann = credence::annotate;
    ann::ArticleMeta meta;
    meta.external_id = id;
    meta.source = outlet;
    meta.title = title;
    meta.author = "Jo Writer";
    meta.url = "https://example.org/" + id;
    ann::Article article;
    std::vector<ann::Diagnostic> diagnostics;
    ASSERT_TRUE(ann::article_from_text(text, ann::InputFormat::text, meta, id + ".txt", article, diagnostics));
    study.insert_article(article);
  }

  // An article assigned to `annotator`, and one that is not.
  std::int64_t assigned_to(const std::string& annotator) { return assigned_[annotator].front(); }
  std::int64_t not_assigned_to(const std::string& annotator) {
    for (const auto& [ext, id] : ids_) {
      const auto& mine = assigned_[annotator];
      if (std::find(mine.begin(), mine.end(), id) == mine.end()) return id;
    }
    return 0;
  }

  std::filesystem::path folder_;
  std::unique_ptr<credence::server::Server> server_;
  std::string owner_;
  std::map<std::string, std::string> tokens_;
  std::map<std::string, std::int64_t> ids_;
  std::map<std::string, std::vector<std::int64_t>> assigned_;
};

}  // namespace credence::testing
