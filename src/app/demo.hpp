#pragma once
//! Demonstration data at any scale: a cohort of participants, each with a
//! feedback cycle on a whole framework, a self-assessment and answers from
//! raters in every group, closed with its results released (so each has a
//! report), made through the same repositories the service uses. For trying LQF out and for benchmarks; never for real
//! people (every address is under demo.lqf.test, which cannot receive mail).

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

//! One cycle for an existing participant.
struct DemoCycleSpec {
  std::int64_t participant_id = 0;
  std::string title = "Demonstration feedback";
  std::string created_at;  //!< UTC; empty: now
  double strength = 3.2;   //!< the participant's typical score (1 to 5)
  int raters_per_group = 3;
  bool drafts = false;  //!< raters leave drafts and the cycle stays open; else closed with results released
  bool coached = false;
  std::uint32_t seed = 2026;
  std::string run = "demo";  //!< part of the raters' addresses, to keep them unique
};

//! Adds one cycle on the whole framework: the participant's self-assessment
//! and raters in every group (single-person groups get one), then, unless
//! `drafts`, closes it and releases its results. Returns the responses
//! made; the raters' link tokens go to `links` when `drafts`.
int AddDemoCycle(FeedbackRepository& feedback, FrameworkCatalog& catalog, Clock& clock,
                 const std::string& framework_code, const DemoCycleSpec& spec,
                 std::vector<std::string>* links = nullptr);

//! The largest cohort one call makes.
inline constexpr int kMaxDemoParticipants = 100'000;

//! Generates the cohort (in a programme body "Demo Programme" and a local
//! authority "Demoshire County Council", made if missing). Participants'
//! addresses carry a run number, so calling it again adds more. Throws
//! std::invalid_argument for a spec out of range or an unknown framework.
DemoResult GenerateDemoCohort(AccountRepository& accounts, FeedbackRepository& feedback, FrameworkCatalog& catalog,
                              Clock& clock, const DemoSpec& spec);

}  // namespace lqf::app
