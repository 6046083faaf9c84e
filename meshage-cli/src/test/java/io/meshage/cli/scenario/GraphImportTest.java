package io.meshage.cli.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** GraphML and GML topologies: the shipped Topology Zoo files, delays, names, mistakes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GraphImportTest {
  private static final Path SHIPPED = Path.of("").toAbsolutePath().getParent().resolve("scenarios");

  @TempDir Path dir;

  private Topology topology(String line) {
    return ScenarioParser.parse(line + "\n", dir).topology();
  }

  @Test
  void abileneFromGraphmlWithDelaysFromCoordinates() {
    Topology t = ScenarioParser.parse("topology graphml file=topologies/Abilene.graphml\n", SHIPPED).topology();
    assertThat(t.kind()).isEqualTo(Topology.Kind.GRAPHML);
    assertThat(t.names()).hasSize(11).contains("New-York", "Washington-DC", "Kansas-City", "Los-Angeles");
    assertThat(t.edges()).hasSize(14).contains(List.of("Chicago", "New-York"));
    // New York - Chicago: 1,145 km of great circle, 5.73 ms at 200,000 km/s
    assertThat(t.linkDelays().get(List.of("Chicago", "New-York"))).isBetween(5_650_000L, 5_800_000L);
    assertThat(t.linkDelays()).hasSize(14);
    assertThat(t.note()).isEqualTo("Abilene.graphml: 11 nodes, 14 links; link delays: 14 from coordinates"
        + " (great-circle distance at 200,000 km/s), 1.317-11.034 ms");
  }

  @Test
  void geantFromGmlWithStringEdgeIds() {
    Topology t = ScenarioParser.parse("topology gml file=topologies/Geant2012.gml\n", SHIPPED).topology();
    assertThat(t.kind()).isEqualTo(Topology.Kind.GML);
    assertThat(t.names()).hasSize(40).contains("DE", "UK", "NL");
    assertThat(t.edges()).hasSize(61);
    assertThat(t.edges().stream().filter(e -> e.contains("DE"))).hasSize(10);
    assertThat(t.note()).startsWith("Geant2012.gml: 40 nodes, 61 links; link delays: 58 from coordinates");
    assertThat(t.note()).contains("3 at the default delay");
  }

  @Test
  void latencyAttributesWinOverCoordinatesAndNamesAreMadeSafe() throws IOException {
    Files.writeString(dir.resolve("g.graphml"), """
        <?xml version="1.0" encoding="UTF-8"?>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
          <key id="l" for="node" attr.name="label" attr.type="string"/>
          <key id="la" for="node" attr.name="Latitude" attr.type="double"/>
          <key id="lo" for="node" attr.name="Longitude" attr.type="double"/>
          <key id="d" for="edge" attr.name="latency" attr.type="string"/>
          <graph edgedefault="undirected">
            <node id="a"><data key="l">São Paulo</data><data key="la">-23.55</data><data key="lo">-46.63</data></node>
            <node id="b"><data key="l">Zürich (CH)</data><data key="la">47.37</data><data key="lo">8.54</data></node>
            <node id="c"><data key="l">42</data></node>
            <node id="d"><data key="l">São Paulo</data></node>
            <node id="e"/>
            <edge source="a" target="b"><data key="d">250us</data></edge>
            <edge source="a" target="b"><data key="d">0.1</data></edge>
            <edge source="b" target="c"/>
            <edge source="c" target="d"><data key="d">7</data></edge>
            <edge source="d" target="d"/>
          </graph>
        </graphml>
        """);
    Topology t = topology("topology graphml file=g.graphml");
    assertThat(t.names()).containsExactly("Sao-Paulo", "Zurich-CH", "n42", "Sao-Paulo-2");
    assertThat(t.linkDelays()).containsEntry(List.of("Sao-Paulo", "Zurich-CH"), 100_000L)
        .containsEntry(List.of("Sao-Paulo-2", "n42"), 7_000_000L).doesNotContainKey(List.of("Zurich-CH", "n42"));
    assertThat(t.note()).isEqualTo("g.graphml: 4 nodes, 3 links; link delays: 2 from their latency attribute,"
        + " 1 at the default delay, 0.100-7.000 ms; left out: 1 node without links, 1 self-loop, 1 parallel link");
  }

  @Test
  void gmlWithCoordinates() throws IOException {
    Files.writeString(dir.resolve("g.gml"), """
        graph [
          node [ id 0 label "Lisbon" Latitude 38.72 Longitude -9.14 ]
          node [ id 1 label "Madrid" Latitude 40.42 Longitude -3.70 ]
          node [ id 2 label "Paris" ]
          edge [ source 0 target 1 id "e1" ]
          edge [ source 1 target 2 delay "3ms" ]
        ]
        """);
    Topology t = topology("topology gml file=g.gml");
    assertThat(t.names()).containsExactly("Lisbon", "Madrid", "Paris");
    // Lisbon - Madrid: about 500 km, 2.5 ms
    assertThat(t.linkDelays().get(List.of("Lisbon", "Madrid"))).isBetween(2_400_000L, 2_600_000L);
    assertThat(t.linkDelays().get(List.of("Madrid", "Paris"))).isEqualTo(3_000_000L);
  }

  @Test
  void mistakesNameTheLineAndTheFile() throws IOException {
    Files.writeString(dir.resolve("bad.graphml"), "<graphml><graph><node id=\"a\"></graph>");
    assertThatThrownBy(() -> topology("topology graphml file=bad.graphml"))
        .hasMessageStartingWith("line 1, file: " + dir.resolve("bad.graphml") + " is not valid GraphML: ");
    Files.writeString(dir.resolve("bad.gml"), "graph [ node [ id 0 ] edge [ source 0 target ");
    assertThatThrownBy(() -> topology("topology gml file=bad.gml"))
        .hasMessageStartingWith("line 1, file: " + dir.resolve("bad.gml") + " is not valid GML: ");
    Files.writeString(dir.resolve("one.gml"), "graph [ node [ id 0 ] node [ id 1 ] ]");
    assertThatThrownBy(() -> topology("topology gml file=one.gml"))
        .hasMessage("line 1, file: " + dir.resolve("one.gml") + " has fewer than two linked nodes");
    Files.writeString(dir.resolve("lat.gml"), "graph [ node [ id 0 ] node [ id 1 ] edge [ source 0 target 1 latency \"soon\" ] ]");
    assertThatThrownBy(() -> topology("topology gml file=lat.gml"))
        .hasMessage("line 1, file: " + dir.resolve("lat.gml") + ": link n0-n1 has latency 'soon', expected"
            + " milliseconds (a number) or a duration like 250us or 3ms");
    assertThatThrownBy(() -> topology("topology graphml"))
        .hasMessage("line 1, file: missing (topology graphml needs file=PATH)");
    assertThatThrownBy(() -> topology("topology gml file=none.gml"))
        .hasMessageStartingWith("line 1, file: cannot read " + dir.resolve("none.gml"));
  }

  @Test
  void safeNames() {
    assertThat(GraphImport.safeName("Frankfurt am Main")).isEqualTo("Frankfurt-am-Main");
    assertThat(GraphImport.safeName("  --Kraków/PL--  ")).isEqualTo("Krakow-PL");
    assertThat(GraphImport.safeName("7")).isEqualTo("n7");
    assertThat(GraphImport.safeName("東京")).isEqualTo("n");
    assertThat(GraphImport.safeName("x".repeat(60))).hasSize(40);
  }
}
