// The `lqf` program. Everything is in the libraries; this only hands over.

#include "cli/cli.hpp"

int main(int argc, char** argv) { return lqf::cli::Run(argc, argv); }
