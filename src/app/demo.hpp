#pragma once
//! Demonstration data at any scale: a cohort of participants, each with a
//! feedback cycle on a whole framework, a self-assessment and answers from
//! raters in every group, made through the same repositories the service
//! uses. For trying LQF out and for benchmarks; never for real people (every
//! address is under demo.lqf.test, which cannot receive mail).

#include <cstdint>
#include <string>
#include <vector>

#include "app/accounts.hpp"
#include "app/feedback_store.hpp"
#include "app/framework_catalog.hpp"

namespace lqf::app {

//! What to generate.
struct DemoSpec {
  int participants = 10;
  int raters_per_group = 3;  //!< in each group of several people (single-person groups get one)
  bool drafts = false;       //!< raters leave complete drafts, unsubmitted, and the cycles stay open
  std::uint32_t seed = 2026;
  std::string cohort = "Demo cohort";
  std::string framework = "nlqf-2010";
};

//! What was made. `links` are the raters' link tokens when `drafts` is set
//! (a benchmark submits them), else empty.
struct DemoResult {
  int participants = 0;
  int cycles = 0;
  int responses = 0;
  int questions = 0;  //!< statements in each cycle
  std::vector<std::string> links;
};

//! The largest cohort one call makes.
inline constexpr int kMaxDemoParticipants = 100'000;

//! Generates the cohort (in a programme body "Demo Programme" and a local
//! authority "Demoshire County Council", made if missing). Participants'
//! addresses carry a run number, so calling it again adds more. Throws
//! std::invalid_argument for a spec out of range or an unknown framework.
DemoResult GenerateDemoCohort(AccountRepository& accounts, FeedbackRepository& feedback, FrameworkCatalog& catalog,
                              Clock& clock, const DemoSpec& spec);

}  // namespace lqf::app
