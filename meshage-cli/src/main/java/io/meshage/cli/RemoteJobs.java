package io.meshage.cli;

import io.meshage.command.MeshCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The commands other nodes run here through {@code mesh send}: each on a thread of its own (never
 * a handler thread, so a long {@code shell} holds none), at most {@value #MAX_JOBS} at once, its
 * output sent back in order with at most one message in flight, and stopped when the sender cancels
 * it or can no longer be reached.
 */
final class RemoteJobs implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(RemoteJobs.class);
  /** Most commands from other nodes running at once. */
  static final int MAX_JOBS = 16;
  /** Most lines in one output message. */
  static final int MAX_BATCH = 500;
  /** Most characters in one output message (at most 3 bytes each in UTF-8: far below the frame limit). */
  static final int MAX_BATCH_CHARS = 256 * 1024;
  /** Lines held for a slow sender before the command's output waits. */
  static final int MAX_HELD = 2000;

  private final String self;
  private final MeshCommands commands;
  private final BiFunction<String, Consumer<String>, Reply> local;
  private final Map<String, Job> running = new ConcurrentHashMap<>();
  /** Most ended commands remembered, so that a request asked again is not run twice. */
  static final int MAX_ENDED = 4096;
  /** Commands that ended (sender#id), newest last, bounded; guarded by {@link #running}'s monitor. */
  private final Map<String, Boolean> ended = new java.util.LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > MAX_ENDED;
    }
  };

  RemoteJobs(String self, MeshCommands commands, BiFunction<String, Consumer<String>, Reply> local) {
    this.self = self;
    this.commands = commands;
    this.local = local;
  }

  /** Starts {@code line} for {@code sender}; refuses (the sender's request fails) when too many run. */
  void start(String sender, long id, String line) {
    Job job = new Job(sender, id);
    Thread t = new Thread(() -> job.run(line), "meshage-remote-" + sender + "-" + id);
    t.setDaemon(true);
    job.thread = t;
    synchronized (running) {
      // A request asked again (its answer was slow or lost) runs the command once, and is
      // accepted even when MAX_JOBS run: it is one of them, or has ended.
      if (ended.containsKey(key(sender, id)) || running.containsKey(key(sender, id))) {
        return;
      }
      if (running.size() >= MAX_JOBS) {
        throw new IllegalStateException(
            self + " already runs " + MAX_JOBS + " commands from mesh send; try again later");
      }
      running.put(key(sender, id), job);
    }
    t.start();
  }

  void cancel(String sender, long id) {
    Job job = running.get(key(sender, id));
    if (job != null) {
      job.stop();
    }
  }

  @Override
  public void close() {
    for (Job j : running.values()) {
      j.stop();
    }
  }

  /** Whether the command {@code id} of {@code sender} ran and ended (tests). */
  boolean hasEnded(String sender, long id) {
    synchronized (running) {
      return ended.containsKey(key(sender, id));
    }
  }

  private void ended(String sender, long id) {
    synchronized (running) {
      running.remove(key(sender, id));
      ended.put(key(sender, id), Boolean.TRUE);
    }
  }

  private static String key(String sender, long id) {
    return sender + "#" + id;
  }

  /** One command and its output on the way back. */
  private final class Job {
    final String sender;
    final long id;
    volatile Thread thread;
    private final List<String> held = new ArrayList<>();
    private boolean sending;
    private long seq;
    private boolean stopped;
    private Reply end;

    Job(String sender, long id) {
      this.sender = sender;
      this.id = id;
    }

    void run(String line) {
      synchronized (this) {
        if (stopped) {
          return;
        }
      }
      Reply r;
      try {
        r = local.apply(line, this::emit);
      } catch (RuntimeException e) {
        r = Reply.error(e.getMessage());
      }
      synchronized (this) {
        held.addAll(r.lines());
        end = r;
      }
      flush();
    }

    /** Holds an output line for sending; waits while too many are held (a slow or far sender). */
    private void emit(String line) {
      synchronized (this) {
        while (held.size() >= MAX_HELD && !stopped) {
          try {
            wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (stopped) {
          return;
        }
        held.add(line);
      }
      flush();
    }

    /** Sends what is held unless a message is in flight (its completion sends the rest). */
    private void flush() {
      Map<String, Object> message;
      synchronized (this) {
        if (sending || stopped || (held.isEmpty() && end == null)) {
          return;
        }
        List<String> batch = new ArrayList<>();
        int chars = 0;
        for (String l : held) {
          if (!batch.isEmpty() && (batch.size() >= MAX_BATCH || chars + l.length() > MAX_BATCH_CHARS)) {
            break;
          }
          batch.add(l);
          chars += l.length();
        }
        held.subList(0, batch.size()).clear();
        boolean last = end != null && held.isEmpty();
        message =
            last
                ? Map.of(CommandRemoteShell.OP, "end", CommandRemoteShell.ID, id, CommandRemoteShell.SEQ, seq++,
                    CommandRemoteShell.LINES, batch, CommandRemoteShell.OK, end.ok())
                : Map.of(CommandRemoteShell.OP, "out", CommandRemoteShell.ID, id, CommandRemoteShell.SEQ, seq++,
                    CommandRemoteShell.LINES, batch);
        if (last) {
          stopped = true;
          ended(sender, id);
        } else {
          sending = true;
        }
        notifyAll();
      }
      commands
          .send(MeshCommands.SHELL_COMMAND, sender, message)
          .whenComplete(
              (ok, failure) -> {
                if (failure != null) {
                  LOG.info("[{}] stopping a command of {}: its output cannot be sent ({})", self, sender,
                      MeshSend.reason(failure));
                  stop();
                  return;
                }
                synchronized (this) {
                  sending = false;
                }
                flush();
              });
    }

    void stop() {
      synchronized (this) {
        stopped = true;
        notifyAll();
      }
      ended(sender, id);
      Thread t = thread;
      if (t != null) {
        t.interrupt();
      }
    }
  }
}
