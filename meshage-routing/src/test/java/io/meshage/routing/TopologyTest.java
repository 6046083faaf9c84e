package io.meshage.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TopologyTest {
  @Test
  void keepsOnlyTwoWayEdges() {
    Topology t =
        Topology.of(
            Map.of(
                "a", List.of("b", "c"),
                "b", List.of("a"),
                "c", List.of("d"),
                "d", List.of()));
    assertThat(t.nodes()).containsExactly("a", "b", "c", "d");
    assertThat(t.neighborsOf("a")).containsExactly("b");
    assertThat(t.neighborsOf("c")).isEmpty();
    assertThat(t.edgeCount()).isEqualTo(1);
    assertThat(t.graph().containsEdge("a", "b")).isTrue();
    assertThat(t.graph().containsEdge("a", "c")).isFalse();
  }

  @Test
  void ignoresUnknownNeighboursSelfLoopsAndDuplicates() {
    Topology t =
        Topology.of(Map.of("a", List.of("a", "ghost", "b", "b"), "b", List.of("a", "a")));
    assertThat(t.nodes()).containsExactly("a", "b");
    assertThat(t.neighborsOf("a")).containsExactly("b");
    assertThat(t.neighborsOf("ghost")).isEmpty();
    assertThat(t.contains("ghost")).isFalse();
    assertThat(t.graph().edgeSet()).hasSize(1);
  }

  @Test
  void adjacencyIsSortedAndComplete() {
    Topology t =
        Topology.of(
            Map.of("c", List.of("a", "b"), "a", List.of("c"), "b", List.of("c"), "z", List.of()));
    Map<String, Set<String>> adjacency = t.adjacency();
    assertThat(adjacency.keySet()).containsExactly("a", "b", "c", "z");
    assertThat(adjacency.get("c")).containsExactly("a", "b");
    assertThat(adjacency.get("z")).isEmpty();
    assertThatThrownBy(() -> adjacency.put("x", Set.of()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void graphIsAnUnmodifiableUndirectedView() {
    Topology t = Topology.of(Map.of("a", List.of("b"), "b", List.of("a")));
    Graph<String, DefaultEdge> g = t.graph();
    assertThat(g.getType().isUndirected()).isTrue();
    assertThat(g.vertexSet()).containsExactly("a", "b");
    assertThatThrownBy(() -> g.addVertex("c")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(t.graph()).isSameAs(g);
  }

  @Test
  void componentOfHoldsExactlyTheConnectedNodes() {
    Topology t =
        Topology.of(
            Map.of(
                "a", List.of("b"),
                "b", List.of("a", "c"),
                "c", List.of("b"),
                "x", List.of("y"),
                "y", List.of("x"),
                "lonely", List.of()));
    Topology abc = t.componentOf("c");
    assertThat(abc.nodes()).containsExactly("a", "b", "c");
    assertThat(abc.neighborsOf("b")).containsExactly("a", "c");
    assertThat(abc.edgeCount()).isEqualTo(2);
    assertThat(t.componentOf("y").nodes()).containsExactly("x", "y");
    assertThat(t.componentOf("lonely").nodes()).containsExactly("lonely");
    assertThat(t.componentOf("unknown").nodes()).containsExactly("unknown");
  }

  @Test
  void fromMsasUsesTheAnnouncedNeighbours() {
    Topology t =
        Topology.fromMsas(
            List.of(
                new Msa("a", 1, 0, Set.of("b"), Map.of()),
                new Msa("b", 1, 0, Set.of("a"), Map.of())));
    assertThat(t).isEqualTo(Topology.of(Map.of("a", Set.of("b"), "b", Set.of("a"))));
    assertThat(t.hashCode())
        .isEqualTo(Topology.of(Map.of("a", Set.of("b"), "b", Set.of("a"))).hashCode());
    assertThat(t.toString()).contains("a=[b]");
  }

  @Test
  void rejectsTwoMsasOfOneOrigin() {
    List<Msa> twice =
        List.of(
            new Msa("a", 1, 0, Set.of(), Map.of()), new Msa("a", 1, 1, Set.of(), Map.of()));
    assertThatThrownBy(() -> Topology.fromMsas(twice)).hasMessageContaining("origin a");
  }

  @Test
  void emptyTopologyHasNoNodes() {
    Topology t = Topology.of(Map.of());
    assertThat(t.nodes()).isEmpty();
    assertThat(t.adjacency()).isEmpty();
    assertThat(t.graph().vertexSet()).isEmpty();
  }
}
