// The HTTP transport: Boost.Beast, synchronous, one thread per keep-alive connection (the store
// serialises writes anyway, and 64 annotators are 64 threads). Security headers on every response.
#include "credence/server/server.hpp"

#include <sys/socket.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <list>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "credence/server/api.hpp"

namespace credence::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// Article text is untrusted: the page renders it as text, and this policy forbids inline scripts
// and foreign origins as a second line of defence.
constexpr const char* k_csp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

http::response<http::string_body> to_http(const ApiResponse& api, unsigned version, bool keep_alive, bool head) {
  http::response<http::string_body> res{static_cast<http::status>(api.status), version};
  res.set(http::field::server, "credence");
  res.set(http::field::content_type, api.content_type);
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set("X-Frame-Options", "DENY");
  res.set("Content-Security-Policy", k_csp);
  for (const auto& [k, v] : api.headers) res.set(k, v);
  res.keep_alive(keep_alive);
  if (!head) res.body() = api.body;
  res.prepare_payload();
  return res;
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Api api;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::uint16_t bound_port = 0;
  std::thread accept_thread;
  std::atomic<bool> stopping{false};
  bool started = false;

  struct Connection {
    tcp::socket socket;
    std::thread thread;
    std::atomic<bool> finished{false};
    // When the connection began waiting for its client (steady-clock milliseconds); 0 while a request
    // is being answered. The watchdog closes connections that wait longer than idle_timeout_ms.
    std::atomic<std::int64_t> waiting_since_ms{0};
    explicit Connection(tcp::socket s) : socket(std::move(s)) {}
  };
  std::thread watchdog_thread;

  static std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }

  // Shuts down connections idle for longer than the timeout: their blocked read then ends and the
  // connection's thread finishes (the slot is freed at the next accept).
  void watchdog_loop() {
    const auto step = std::chrono::milliseconds(std::clamp<unsigned>(options.idle_timeout_ms / 4, 10, 250));
    while (!stopping) {
      std::this_thread::sleep_for(step);
      const std::int64_t now = now_ms();
      std::lock_guard lock(connections_mutex);
      for (auto& c : connections) {
        const std::int64_t since = c.waiting_since_ms.load();
        if (since != 0 && !c.finished && now - since > static_cast<std::int64_t>(options.idle_timeout_ms)) {
          c.waiting_since_ms = 0;  // once is enough
          ::shutdown(c.socket.native_handle(), SHUT_RDWR);
        }
      }
    }
  }
  std::mutex connections_mutex;
  std::list<Connection> connections;

  Impl(const std::filesystem::path& folder, const ServerOptions& opts) : options(opts), api(folder) {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(options.host, ec);
    if (ec) throw std::runtime_error("'" + options.host + "' is not an IP address; use e.g. --host 127.0.0.1");
    const tcp::endpoint endpoint(address, options.port);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      throw std::runtime_error("cannot listen on " + options.host + ":" + std::to_string(options.port) + ": " +
                               ec.message() + "; choose another --port");
    }
    bound_port = acceptor.local_endpoint().port();
  }

  void serve(Connection& connection) {
    auto& socket = connection.socket;
    beast::flat_buffer buffer;
    boost::system::error_code ec;
    socket.set_option(tcp::no_delay(true), ec);
    while (!stopping) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(options.max_body);
      parser.header_limit(16 * 1024);
      connection.waiting_since_ms = now_ms();
      http::read(socket, buffer, parser, ec);
      connection.waiting_since_ms = 0;
      if (ec == http::error::end_of_stream || ec == asio::error::connection_reset || ec == asio::error::eof) break;
      if (ec == http::error::body_limit) {
        auto res = to_http(json_error(413, "request body larger than " + std::to_string(options.max_body) +
                                               " bytes; send one label at a time"),
                           11, false, false);
        http::write(socket, res, ec);
        // Read and drop what the client is still sending before closing: closing a socket with unread
        // input makes Linux send a reset, which can destroy the 413 before the client reads it.
        socket.shutdown(tcp::socket::shutdown_send, ec);
        connection.waiting_since_ms = now_ms();  // a client that stops sending is cut off by the watchdog
        std::array<char, 65536> sink;
        std::size_t drained = 0;
        while (!ec && drained < (64u << 20)) drained += socket.read_some(asio::buffer(sink), ec);
        break;
      }
      if (ec) {
        if (!stopping && ec != asio::error::operation_aborted && ec != asio::error::bad_descriptor) {
          auto res = to_http(json_error(400, "malformed HTTP request: " + ec.message()), 11, false, false);
          http::write(socket, res, ec);
        }
        break;
      }
      auto& req = parser.get();
      ApiRequest request;
      request.method = std::string(req.method_string());
      request.target = std::string(req.target());
      request.authorization = std::string(req[http::field::authorization]);
      request.body = std::move(req.body());
      const bool head = req.method() == http::verb::head;
      if (head) request.method = "GET";
      const auto response = api.handle(request);
      const bool keep_alive = req.keep_alive();
      auto res = to_http(response, req.version(), keep_alive, head);
      http::write(socket, res, ec);
      if (ec || !keep_alive) break;
    }
    socket.shutdown(tcp::socket::shutdown_both, ec);
    connection.finished = true;
  }

  void reap_finished() {
    std::lock_guard lock(connections_mutex);
    for (auto it = connections.begin(); it != connections.end();) {
      if (it->finished) {
        if (it->thread.joinable()) it->thread.join();
        it = connections.erase(it);
      } else {
        ++it;
      }
    }
  }

  void accept_loop() {
    while (!stopping) {
      boost::system::error_code ec;
      tcp::socket socket(io);
      acceptor.accept(socket, ec);
      if (stopping) break;
      if (ec) continue;
      reap_finished();
      std::lock_guard lock(connections_mutex);
      if (connections.size() >= options.max_connections) {
        auto res = to_http(json_error(503, "too many open connections; try again"), 11, false, false);
        http::write(socket, res, ec);
        socket.close(ec);
        continue;
      }
      auto& connection = connections.emplace_back(std::move(socket));
      connection.thread = std::thread([this, &connection] { serve(connection); });
    }
  }

  void stop() {
    if (stopping.exchange(true)) return;
    // shutdown() wakes a thread blocked in accept() or read() on Linux; close() alone may not.
    ::shutdown(acceptor.native_handle(), SHUT_RDWR);
    if (accept_thread.joinable()) accept_thread.join();
    if (watchdog_thread.joinable()) watchdog_thread.join();
    boost::system::error_code ec;
    acceptor.close(ec);
    std::list<Connection> closing;
    {
      std::lock_guard lock(connections_mutex);
      for (auto& c : connections) ::shutdown(c.socket.native_handle(), SHUT_RDWR);
      closing.splice(closing.end(), connections);
    }
    for (auto& c : closing) {
      if (c.thread.joinable()) c.thread.join();
    }
  }
};

Server::Server(const std::filesystem::path& study_folder, const ServerOptions& options)
    : impl_(std::make_unique<Impl>(study_folder, options)) {}

Server::~Server() { stop(); }

std::uint16_t Server::port() const { return impl_->bound_port; }

void Server::start() {
  if (impl_->started) return;
  impl_->started = true;
  impl_->accept_thread = std::thread([this] { impl_->accept_loop(); });
  impl_->watchdog_thread = std::thread([this] { impl_->watchdog_loop(); });
}

void Server::stop() {
  if (impl_) impl_->stop();
}

}  // namespace credence::server
