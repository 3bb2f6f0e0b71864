package io.shadowcat.regression.report;

import io.shadowcat.regression.verdict.Verdict;

/** Writes a verdict as text in one format. Implementations are stateless and thread-safe. */
interface VerdictReport {
    String render(Verdict verdict);
}
