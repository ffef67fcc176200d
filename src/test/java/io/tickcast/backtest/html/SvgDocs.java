package io.tickcast.backtest.html;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Reads the SVG the report writes back as XML, for structural checks. */
final class SvgDocs {
  private SvgDocs() {}

  static Element parse(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(false);
    Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    return doc.getDocumentElement();
  }

  /** Elements of a tag with an attribute of a value, anywhere below {@code root}. */
  static List<Element> find(Element root, String tag, String attribute, String value) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = root.getElementsByTagName(tag);
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      if (attribute == null || value.equals(e.getAttribute(attribute))) {
        out.add(e);
      }
    }
    return out;
  }

  static Element first(Element root, String tag, String attribute, String value) {
    List<Element> found = find(root, tag, attribute, value);
    if (found.isEmpty()) {
      throw new AssertionError("no <" + tag + " " + attribute + "=\"" + value + "\">");
    }
    return found.get(0);
  }

  /** The (x, y) pairs of a path's d attribute (M/L commands, optional Z). */
  static List<double[]> points(Element path) {
    List<double[]> out = new ArrayList<>();
    String d = path.getAttribute("d").replace("Z", "");
    for (String part : d.split("(?=[ML])")) {
      if (part.isBlank()) {
        continue;
      }
      String[] xy = part.substring(1).trim().split(" ");
      out.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
    }
    return out;
  }

  /** The plot area [left, right, top, bottom] in px, from the axis lines. */
  static double[] plotArea(Element svg) {
    Element xAxis = first(svg, "g", "class", "x-axis");
    Element yAxis = first(svg, "g", "class", "y-axis");
    Element xl = (Element) xAxis.getElementsByTagName("line").item(0);
    Element yl = (Element) yAxis.getElementsByTagName("line").item(0);
    return new double[] {Double.parseDouble(xl.getAttribute("x1")), Double.parseDouble(xl.getAttribute("x2")),
        Double.parseDouble(yl.getAttribute("y1")), Double.parseDouble(yl.getAttribute("y2"))};
  }
}
