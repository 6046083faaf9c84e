package io.meshage.group;

/**
 * A before or after hook of a group operation (Diarkis' BeforeJoinGroupCmd and friends). Hooks of
 * one operation run in registration order; each must call {@link Next#next} once when done, from
 * any thread, at once or later. {@code next(null)} moves on to the next hook; {@code next(error)}
 * stops the chain and fails the operation with {@link GroupError#REFUSED_BY_HOOK} and that error as
 * the cause. A hook that throws counts as {@code next(thrown)}; one that does not call next within
 * the hook timeout of {@link GroupConfig} fails the operation the same way.
 */
@FunctionalInterface
public interface GroupHook {
  void handle(GroupEvent event, Next next);

  /** Moves the chain on ({@code null}) or stops it with an error. */
  @FunctionalInterface
  interface Next {
    void next(Throwable error);
  }
}
