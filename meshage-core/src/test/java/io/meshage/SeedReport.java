package io.meshage;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Names the seed in the failure of a test that took one from {@link Seeds} (test output goes to
 * files, so a printed seed alone would not be seen). Registered for every test of the module
 * through {@code META-INF/services} and {@code junit-platform.properties}.
 */
public final class SeedReport implements AfterEachCallback, TestExecutionExceptionHandler {
  @Override
  public void afterEach(ExtensionContext context) {
    Seeds.forget();
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    String seed = Seeds.lastSeed();
    if (seed == null || String.valueOf(failure.getMessage()).contains(seed.substring(0, seed.indexOf(" (")))) {
      throw failure;
    }
    AssertionError named = new AssertionError(
        context.getDisplayName() + " failed with " + seed + ": " + failure, failure);
    named.setStackTrace(new StackTraceElement[0]);
    throw named;
  }
}
