/**
 * The unit tests of the core, as one test file for `npm run mutation` (jest.mutation.config.js, stryker.config.mjs).
 * Much of the core runs at import (the settings table, and the validators and wire schemas derived from it), so
 * Stryker runs every test for each mutant there; in one file, the core is loaded once per run instead of once per
 * file, which makes the run several times faster. Not named `*.test.ts`: `npm test` runs each file on its own.
 * Stryker knows each test by the line of its import here: add a file at the end, so that the incremental run
 * (reports/stryker-incremental.json) keeps what it knows of the others.
 */
import "../actions/baseline.test";
import "../client/retryBounds.test";
import "../client/retryPolicy.test";
import "../model/body.test";
import "../model/fields.test";
import "../model/inputs.test";
import "../model/presets.test";
import "../model/settings.test";
import "../model/table.test";
import "../model/values.test";
import "../model/write.test";
import "../resources/organization/state.test";
import "../resources/values.test";
import "../schemas/dohAndRevoke.test";
import "../schemas/duration.test";
import "../schemas/naming.test";
import "../schemas/organization.test";
import "../model/spec.test";
import "../model/exactNumbers.test";
