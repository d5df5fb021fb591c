// `credence serve STUDY [--host 127.0.0.1] [--port 8080]`: serves the annotation workspace and its JSON
// API from this binary, and prints one login link per annotator and one for the study owner.
#include <signal.h>

#include <boost/asio/ip/address.hpp>
#include <iostream>

#include "commands.hpp"
#include "credence/annotate/assignment_store.hpp"
#include "credence/server/server.hpp"
#include "study_util.hpp"

namespace credence::cli {

namespace {

int run_serve(const Args& args, Context& context) {
  server::ServerOptions options;
  options.host = args.get_or("--host", "127.0.0.1");
  options.port = static_cast<std::uint16_t>(parse_int_option(args, "--port", 8080, 0, 65535));
  const std::string folder = args.positional.at(0);
  std::vector<annotate::AccessToken> tokens;
  {
    auto study = open_study(folder, context, "serve");
    if (!study) return k_exit_io;
    try {
      std::vector<std::string> names;
      for (const auto& [name, n] : annotate::assignment_load(*study)) names.push_back(name);
      tokens.push_back(annotate::ensure_token(*study, ""));
      for (const auto& name : names) tokens.push_back(annotate::ensure_token(*study, name));
      if (names.empty()) {
        context.err << "credence serve: warning: no assignments yet; annotators see nothing until you run "
                       "'credence assign "
                    << folder << " --annotators a,b,c'\n";
      }
    } catch (const annotate::StoreError& e) {
      context.err << "credence serve: " << e.what() << "\n";
      return k_exit_io;
    }
  }
  // Block the stop signals before the server starts its threads, so only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::unique_ptr<server::Server> http;
  try {
    http = std::make_unique<server::Server>(folder, options);
  } catch (const annotate::StoreError& e) {
    context.err << "credence serve: " << e.what() << "\n";
    return k_exit_io;
  } catch (const std::runtime_error& e) {
    context.err << "credence serve: " << e.what() << "\n";
    return k_exit_io;
  }
  http->start();
  const std::string host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  const std::string base = "http://" + host + ":" + std::to_string(http->port()) + "/";
  context.out << "credence serve: study " << folder << " at " << base << "\n";
  for (const auto& t : tokens) {
    context.out << "  " << (t.owner ? std::string("owner") : t.annotator) << ": " << base << "#token=" << t.token
                << "\n";
  }
  // The whole of 127.0.0.0/8 (and ::1) is loopback; the server has already refused a host that is no address.
  boost::system::error_code address_error;
  const auto address = boost::asio::ip::make_address(options.host, address_error);
  if (address_error || !address.is_loopback()) {
    context.err << "credence serve: warning: listening on " << options.host
                << ", not loopback: anyone who can reach it and sees a link can use it (plain HTTP)\n";
  }
  context.out << "press Ctrl-C to stop\n" << std::flush;
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  http->stop();
  context.out << "credence serve: stopped; every saved label is in " << folder << "\n" << std::flush;
  return k_exit_ok;
}

}  // namespace

Command make_serve_command() {
  Command c;
  c.name = "serve";
  c.summary = "serve the annotation workspace in the browser";
  c.usage = "credence serve STUDY [--host 127.0.0.1] [--port 8080]";
  c.description =
      "Serves the labelling workspace and its JSON API (docs/workspace.md) on the study's store and prints one "
      "login link per assigned annotator and one for the study owner. Binds to loopback unless --host says "
      "otherwise; --port 0 picks a free port. Every label is saved as it is made. Stop with Ctrl-C.";
  c.options = {{"--host", "ADDR", "address to listen on (default 127.0.0.1)"},
               {"--port", "PORT", "port (default 8080; 0 = any free port)"}};
  c.min_positional = 1;
  c.max_positional = 1;
  c.run = run_serve;
  return c;
}

}  // namespace credence::cli
