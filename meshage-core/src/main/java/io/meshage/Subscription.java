package io.meshage;

/** A registered handler; {@link #close()} removes it. */
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
