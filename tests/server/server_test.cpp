// Transport tests: loopback binding, oversized bodies, malformed HTTP, a port in use, and concurrent
// saves from several annotators on several connections losing nothing.
#include <array>
#include <atomic>
#include <chrono>
#include <boost/asio/write.hpp>
#include <thread>

#include "server_fixture.hpp"

namespace credence::testing {
namespace {

namespace json = boost::json;

TEST_F(ServerTest, OversizedBodyIs413AndStoresNothing) {
  HttpClient c(server_->port());
  const auto before = credence::annotate::Study::open(folder_).summary().n_annotations_total;
  std::string big = "{\"note\": \"" + std::string(2 << 20, 'x') + "\"}";
  auto r = c.request("POST", "/api/labels", tokens_["alice"], big, true);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.error(), "request body larger than 1048576 bytes; send one label at a time");
  EXPECT_EQ(credence::annotate::Study::open(folder_).summary().n_annotations_total, before);
}

TEST_F(ServerTest, MalformedHttpIs400) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
  const std::string garbage = "THIS IS NOT HTTP\r\n\r\n";
  boost::asio::write(socket, boost::asio::buffer(garbage));
  boost::beast::flat_buffer buffer;
  boost::beast::http::response<boost::beast::http::string_body> res;
  boost::beast::http::read(socket, buffer, res);
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_NE(res.body().find("malformed HTTP request"), std::string::npos) << res.body();
}

TEST_F(ServerTest, SecondServerOnTheSamePortFailsWithAClearMessage) {
  try {
    credence::server::Server other(folder_, credence::server::ServerOptions{"127.0.0.1", server_->port()});
    FAIL() << "binding a used port should fail";
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("cannot listen on 127.0.0.1:" + std::to_string(server_->port()) + ": ", 0), 0u) << message;
    EXPECT_NE(message.find("; choose another --port"), std::string::npos);
  }
  try {
    credence::server::Server other(folder_, credence::server::ServerOptions{"localhost-ish", 0});
    FAIL() << "a host name that is no address should fail";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "'localhost-ish' is not an IP address; use e.g. --host 127.0.0.1");
  }
}

TEST_F(ServerTest, ConcurrentSavesFromSeveralAnnotatorsLoseNothing) {
  // Each annotator saves spans on its own documents from 4 connections at once; every 201 must be
  // in the store afterwards, with no duplicates and no lost rows.
  struct Job {
    std::string name;
    std::int64_t doc;
    std::int64_t start;
    std::int64_t length;
  };
  std::vector<Job> jobs;
  {
    HttpClient c(server_->port());
    for (const auto& [name, token] : tokens_) {
      for (const auto id : assigned_[name]) {
        auto doc = c.get("/api/documents/" + std::to_string(id), token).json();
        for (const auto& p : doc.at("passages").as_array()) {
          if (p.at("role").as_string() != "body") continue;
          const auto s = p.at("start").as_int64(), e = p.at("end").as_int64();
          if (e - s >= 30) jobs.push_back({name, id, s, e - s});
        }
      }
    }
  }
  ASSERT_GE(jobs.size(), 3u);
  constexpr int k_threads = 12;
  constexpr int k_saves = 40;
  std::mutex mutex;
  std::set<std::int64_t> acknowledged;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < k_threads; ++t) {
    threads.emplace_back([&, t] {
      HttpClient c(server_->port());
      const auto& job = jobs[static_cast<std::size_t>(t) % jobs.size()];
      for (int i = 0; i < k_saves; ++i) {
        // Distinct spans per thread and iteration, so no save is a duplicate of another.
        const std::int64_t a = job.start + (t * k_saves + i) % (job.length - 2);
        const std::int64_t len = 1 + (t * k_saves + i) / (job.length - 2) + 1;
        if (a + len > job.start + job.length) continue;
        json::object body{{"document", job.doc}, {"rubric", "unsupported_claims"}, {"dimension", "claim_support"},
                          {"start", a}, {"end", a + len}, {"category", "unsupported"},
                          {"note", "t" + std::to_string(t) + "-" + std::to_string(i)}};
        auto r = c.post("/api/labels", tokens_[job.name], body);
        if (r.status == 201) {
          std::lock_guard lock(mutex);
          acknowledged.insert(r.json().at("id").as_int64());
        } else if (r.status != 409) {
          ++failures;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_GT(acknowledged.size(), 100u);
  auto study = credence::annotate::Study::open(folder_);
  credence::annotate::AnnotationFilter f;
  f.dimension = "claim_support";
  std::set<std::int64_t> stored;
  for (const auto& l : study.current_annotations(f)) stored.insert(l.id);
  EXPECT_EQ(stored, acknowledged);
}


TEST_F(ServerTest, ConnectionsBeyondTheLimitAre503) {
  credence::server::ServerOptions options{"127.0.0.1", 0};
  options.max_connections = 1;
  credence::server::Server small(folder_, options);
  small.start();
  HttpClient first(small.port());
  ASSERT_EQ(first.get("/api/session", owner_).status, 200);  // the one allowed connection, kept open
  HttpClient second(small.port());
  const auto r = second.get("/api/session", owner_);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.error(), "too many open connections; try again");
  EXPECT_EQ(first.get("/api/session", owner_).status, 200);
}

// An idle keep-alive connection is closed after the idle timeout, which frees its slot: with room for
// one connection, a second client is served once the first has been idle long enough.
TEST_F(ServerTest, IdleConnectionsAreClosedAndFreeTheirSlot) {
  credence::server::ServerOptions options{"127.0.0.1", 0};
  options.max_connections = 1;
  options.idle_timeout_ms = 200;
  credence::server::Server small(folder_, options);
  small.start();
  HttpClient first(small.port());
  ASSERT_EQ(first.get("/api/session", owner_).status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(900));
  HttpClient second(small.port());
  EXPECT_EQ(second.get("/api/session", owner_).status, 200);
  // The first connection was closed by the server: using it fails.
  EXPECT_ANY_THROW(first.get("/api/session", owner_));
}

// A client that opens a connection and never sends a request is cut off too.
TEST_F(ServerTest, SilentConnectionIsClosed) {
  credence::server::ServerOptions options{"127.0.0.1", 0};
  options.idle_timeout_ms = 200;
  credence::server::Server small(folder_, options);
  small.start();
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), small.port()});
  std::array<char, 16> buffer{};
  boost::system::error_code ec;
  const auto started = std::chrono::steady_clock::now();
  socket.read_some(boost::asio::buffer(buffer), ec);  // blocks until the server closes the connection
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset) << ec.message();
  EXPECT_GE(waited, std::chrono::milliseconds(150));
  EXPECT_LT(waited, std::chrono::seconds(10));
}
}  // namespace
}  // namespace credence::testing
