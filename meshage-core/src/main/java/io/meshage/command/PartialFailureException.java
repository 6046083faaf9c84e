package io.meshage.command;

import io.meshage.MeshException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A fan-out ({@code sendMany}) did not reach or was not handled by every node: {@link
 * #failedNodes()} names them and {@link #causes()} says why for each ({@link
 * io.meshage.UnreachableException}, {@link io.meshage.MeshTimeoutException}, {@link
 * io.meshage.RemoteHandlerException}, {@link NoSuchCommandException}).
 */
public final class PartialFailureException extends MeshException {
  private static final long serialVersionUID = 1L;
  private final transient Map<String, MeshException> causes;

  public PartialFailureException(String message, Map<String, MeshException> causes) {
    super(message);
    this.causes = Collections.unmodifiableMap(new TreeMap<>(causes));
  }

  /** The nodes that did not handle the command, sorted. */
  public Set<String> failedNodes() {
    return causes.keySet();
  }

  /** Why each failed node failed. */
  public Map<String, MeshException> causes() {
    return causes;
  }
}
