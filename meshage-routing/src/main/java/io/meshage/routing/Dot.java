package io.meshage.routing;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.Multigraph;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.AttributeType;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;

/**
 * Graphviz DOT export of a {@link Topology} in meshage's look: an undirected graph sized for a
 * page, a {@code Legend} node with the node count, the local node red and the others green. Ids
 * are quoted, so names such as {@code node-1} or {@code 10.0.0.1} are valid DOT.
 */
public final class Dot {
  private static final String LEGEND = "Legend";

  private Dot() {}

  /** The DOT text of {@code topology}, with {@code self} drawn as the local node. */
  public static String export(Topology topology, String self) {
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(self, "self");
    String legend = legendName(topology);
    DOTExporter<String, DefaultEdge> exporter = new DOTExporter<>(Dot::quoted);
    exporter.setGraphIdProvider(() -> "mesh");
    exporter.setGraphAttributeProvider(Dot::graphAttributes);
    exporter.setVertexAttributeProvider(
        node -> node.equals(legend) ? legendAttributes(topology) : nodeAttributes(node, self));
    StringWriter out = new StringWriter();
    exporter.exportGraph(withLegend(topology, legend), out);
    return out.toString();
  }

  /** {@code text} as a quoted DOT id, with quotes and backslashes escaped. */
  static String quoted(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** An attribute written as our own quoted string (the exporter does not escape backslashes). */
  private static Attribute quotedAttribute(String text) {
    return new DefaultAttribute<>(quoted(text), AttributeType.IDENTIFIER);
  }

  private static Map<String, Attribute> graphAttributes() {
    Map<String, Attribute> attributes = new LinkedHashMap<>();
    attributes.put("size", quotedAttribute("8,11"));
    attributes.put("overlap", DefaultAttribute.createAttribute(false));
    return attributes;
  }

  private static Map<String, Attribute> legendAttributes(Topology topology) {
    Map<String, Attribute> attributes = new LinkedHashMap<>();
    attributes.put("shape", DefaultAttribute.createAttribute("plaintext"));
    attributes.put("label", DefaultAttribute.createAttribute("total=" + topology.size()));
    return attributes;
  }

  private static Map<String, Attribute> nodeAttributes(String node, String self) {
    Map<String, Attribute> attributes = new LinkedHashMap<>();
    attributes.put("label", quotedAttribute(node));
    attributes.put("style", DefaultAttribute.createAttribute("filled"));
    String color = node.equals(self) ? "red" : "green";
    attributes.put("fillcolor", DefaultAttribute.createAttribute(color));
    return attributes;
  }

  /** "Legend", unless a node is called that: then an unused variant of it. */
  private static String legendName(Topology topology) {
    String name = LEGEND;
    while (topology.contains(name)) {
      name = name + "_";
    }
    return name;
  }

  private static Graph<String, DefaultEdge> withLegend(Topology topology, String legend) {
    // a graph allowing parallel edges is written as a plain (not "strict") graph
    Graph<String, DefaultEdge> copy = new Multigraph<>(DefaultEdge.class);
    copy.addVertex(legend);
    Graph<String, DefaultEdge> source = topology.graph();
    source.vertexSet().forEach(copy::addVertex);
    for (DefaultEdge edge : source.edgeSet()) {
      copy.addEdge(source.getEdgeSource(edge), source.getEdgeTarget(edge));
    }
    return copy;
  }
}
