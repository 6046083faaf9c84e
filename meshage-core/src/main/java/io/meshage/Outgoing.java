package io.meshage;

import java.util.List;

/** A message prepared for {@link MeshNode#send(Message)}: no source, id or route yet. */
record Outgoing(List<String> recipients, boolean isBroadcast, Object body) implements Message {
  @Override
  public String source() {
    return "";
  }

  @Override
  public long instance() {
    return 0;
  }

  @Override
  public long id() {
    return 0;
  }

  @Override
  public int hops() {
    return 0;
  }

  @Override
  public List<String> route() {
    return List.of();
  }
}
