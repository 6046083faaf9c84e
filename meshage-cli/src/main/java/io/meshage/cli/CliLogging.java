package io.meshage.cli;

import java.util.List;
import java.util.Locale;

/**
 * How the {@code meshage} command logs: one line per event on stderr,
 * {@code 05:56:31.123 WARN LinkTable [n1] ...}, at the level of {@code -Dmeshage.log} (warn by
 * default), through log4j-api's simple logger. Log4j-core took about 0.3 s of CPU of a node's
 * start (its plugins, configuration and layouts), more than any other part; it is still used when
 * {@code -Dlog4j2.configurationFile=FILE} names a Log4j configuration (files, rolling, JSON...).
 */
final class CliLogging {
  private static final String SIMPLE = "org.apache.logging.log4j.simplelog.";
  /** Loggers that say what discovery waits for: at info even when the level is warn. */
  private static final List<String> INFO_LOGGERS =
      List.of("io.meshage.jgroups.MergeNudge", "io.meshage.jgroups.JGroupsSession");
  /** Membership events and --on-event output: at -Dmeshage.events.log, info by default. */
  private static final List<String> EVENT_LOGGERS =
      List.of("io.meshage.cli.MembershipLog", "io.meshage.cli.EventHandlers");

  private CliLogging() {}

  /** Sets the logging up; call before the first logger is made. */
  static void setUp() {
    if (System.getProperty("log4j2.configurationFile") != null
        || System.getProperty("log4j2.loggerContextFactory") != null) {
      return;
    }
    String level = System.getProperty("meshage.log", "warn").toUpperCase(Locale.ROOT);
    System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
    System.setProperty(SIMPLE + "level", level);
    System.setProperty(SIMPLE + "logFile", "system.err");
    System.setProperty(SIMPLE + "showdatetime", "true");
    System.setProperty(SIMPLE + "dateTimeFormat", "HH:mm:ss.SSS");
    System.setProperty(SIMPLE + "showShortLogname", "true");
    System.setProperty(SIMPLE + "showlogname", "false");
    System.setProperty(SIMPLE + "showContextMap", "false");
    String events = System.getProperty("meshage.events.log", "info").toUpperCase(Locale.ROOT);
    for (String logger : EVENT_LOGGERS) {
      System.setProperty(SIMPLE + logger + ".level", events);
    }
    if (List.of("WARN", "ERROR", "FATAL").contains(level)) {
      for (String logger : INFO_LOGGERS) {
        System.setProperty(SIMPLE + logger + ".level", "INFO");
      }
    }
  }
}
