package org.fieldplan.api.zone;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Zones in KML 2.2 (OGC 07-147r2), the format Google My Maps and other dispatch products exchange: one Placemark per
 * zone with a Polygon or a MultiGeometry of Polygons, {@code outerBoundaryIs}/{@code innerBoundaryIs} LinearRings of
 * "lon,lat[,alt]" tuples. Our properties (city, dispatcherId, serviceTypes) travel in ExtendedData. Reading turns the
 * document into the GeoJSON the zone import already checks, so both formats obey the same rules. The JDK's own XML
 * parser is used with DOCTYPEs refused (no external entities, no entity expansion).
 */
final class ZoneKml {

    static final String NS = "http://www.opengis.net/kml/2.2";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ZoneKml() {}

    static String write(List<ZoneView> zones, Map<Long, String> serviceCodes) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("kml");
            xml.writeDefaultNamespace(NS);
            xml.writeStartElement("Document");
            text(xml, "name", "FieldPlan zones");
            for (ZoneView zone : zones) {
                xml.writeStartElement("Placemark");
                xml.writeAttribute("id", "zone-" + zone.id());
                text(xml, "name", zone.name());
                xml.writeStartElement("ExtendedData");
                data(xml, "city", zone.city());
                if (zone.dispatcherId() != null) {
                    data(xml, "dispatcherId", String.valueOf(zone.dispatcherId()));
                }
                data(xml, "serviceTypes", String.join(",", zone.serviceTypeIds().stream().map(serviceCodes::get).toList()));
                data(xml, "active", String.valueOf(zone.active()));
                xml.writeEndElement();
                JsonNode polygons = zone.area().path("coordinates");
                if (polygons.size() > 1) {
                    xml.writeStartElement("MultiGeometry");
                }
                for (JsonNode polygon : polygons) {
                    xml.writeStartElement("Polygon");
                    for (int r = 0; r < polygon.size(); r++) {
                        xml.writeStartElement(r == 0 ? "outerBoundaryIs" : "innerBoundaryIs");
                        xml.writeStartElement("LinearRing");
                        StringBuilder tuples = new StringBuilder();
                        for (JsonNode position : polygon.get(r)) {
                            if (!tuples.isEmpty()) {
                                tuples.append(' ');
                            }
                            tuples.append(position.get(0).asDouble()).append(',').append(position.get(1).asDouble());
                        }
                        text(xml, "coordinates", tuples.toString());
                        xml.writeEndElement();
                        xml.writeEndElement();
                    }
                    xml.writeEndElement();
                }
                if (polygons.size() > 1) {
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing KML failed", e);
        }
        return out.toString();
    }

    /**
     * The zones of a KML document as a GeoJSON FeatureCollection (features in Placemark order). Whatever cannot be
     * read is reported at once, each by {@code Placemark[i]} (and its name), before anything else happens.
     */
    static String toGeoJson(byte[] kml, @Nullable String defaultCity) {
        Document document = parse(kml);
        List<FieldProblem> problems = new ArrayList<>();
        ObjectNode collection = JSON.createObjectNode();
        collection.put("type", "FeatureCollection");
        ArrayNode features = collection.putArray("features");
        NodeList placemarks = document.getElementsByTagNameNS("*", "Placemark");
        if (placemarks.getLength() == 0) {
            problems.add(new FieldProblem("kml", null, "has no Placemark; a zone is a Placemark with a Polygon"));
        }
        for (int i = 0; i < placemarks.getLength(); i++) {
            Element placemark = (Element) placemarks.item(i);
            String name = childText(placemark, "name");
            String where = "Placemark[" + i + "]" + (name == null ? "" : " (" + name + ")");
            ObjectNode feature = features.addObject();
            feature.put("type", "Feature");
            ObjectNode properties = feature.putObject("properties");
            properties.put("id", "placemark-" + i);
            if (name == null || name.isBlank()) {
                problems.add(new FieldProblem(where + ".name", null, "is missing; every zone needs a name"));
            } else {
                properties.put("name", name.strip());
            }
            String city = data(placemark, "city");
            if (city == null || city.isBlank()) {
                city = defaultCity;
            }
            if (city != null && !city.isBlank()) {
                properties.put("city", city.strip());
            }
            String dispatcher = data(placemark, "dispatcherId");
            if (dispatcher != null && !dispatcher.isBlank()) {
                try {
                    properties.put("dispatcherId", Long.parseLong(dispatcher.strip()));
                } catch (NumberFormatException e) {
                    problems.add(new FieldProblem(where + ".dispatcherId", dispatcher, "is not a user id (a whole number)"));
                }
            }
            String services = data(placemark, "serviceTypes");
            ArrayNode codes = properties.putArray("serviceTypes");
            if (services != null) {
                for (String code : services.split(",")) {
                    if (!code.isBlank()) {
                        codes.add(code.strip());
                    }
                }
            }
            NodeList polygons = placemark.getElementsByTagNameNS("*", "Polygon");
            if (polygons.getLength() == 0) {
                problems.add(new FieldProblem(where, null, "has no Polygon; only areas can be zones (points and lines cannot)"));
                continue;
            }
            ObjectNode geometry = feature.putObject("geometry");
            geometry.put("type", "MultiPolygon");
            ArrayNode parts = geometry.putArray("coordinates");
            for (int k = 0; k < polygons.getLength(); k++) {
                Element polygon = (Element) polygons.item(k);
                ArrayNode rings = parts.addArray();
                ring(polygon, "outerBoundaryIs", rings, where + ".Polygon[" + k + "].outerBoundaryIs", problems, true);
                ring(polygon, "innerBoundaryIs", rings, where + ".Polygon[" + k + "].innerBoundaryIs", problems, false);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return JSON.writeValueAsString(collection);
    }

    private static void ring(Element polygon, String boundary, ArrayNode rings, String where, List<FieldProblem> problems,
                             boolean required) {
        List<Element> boundaries = children(polygon, boundary);
        if (boundaries.isEmpty() && required) {
            problems.add(new FieldProblem(where, null, "is missing; a Polygon needs its outer boundary"));
        }
        for (int b = 0; b < boundaries.size(); b++) {
            NodeList coordinates = boundaries.get(b).getElementsByTagNameNS("*", "coordinates");
            String path = where + (required ? "" : "[" + b + "]") + ".coordinates";
            if (coordinates.getLength() == 0) {
                problems.add(new FieldProblem(path, null, "is missing; a LinearRing lists \"lon,lat\" tuples"));
                continue;
            }
            ArrayNode ring = rings.addArray();
            String[] tuples = coordinates.item(0).getTextContent().strip().split("\\s+");
            for (int t = 0; t < tuples.length; t++) {
                String[] parts = tuples[t].split(",");
                try {
                    if (parts.length < 2) {
                        throw new NumberFormatException();
                    }
                    ring.addArray().add(Double.parseDouble(parts[0])).add(Double.parseDouble(parts[1]));
                } catch (NumberFormatException e) {
                    problems.add(new FieldProblem(path + "[" + t + "]", tuples[t], "is not a \"longitude,latitude[,altitude]\" tuple"));
                }
            }
        }
    }

    private static Document parse(byte[] kml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new InputSource(new java.io.ByteArrayInputStream(kml)));
        } catch (SAXParseException e) {
            throw new InvalidInputException("kml", null, "is not well-formed XML at line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + ": " + e.getMessage());
        } catch (SAXException | java.io.IOException e) {
            throw new InvalidInputException("kml", null, "cannot be read as XML: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && localName.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    private static @Nullable String childText(Element parent, String localName) {
        List<Element> found = children(parent, localName);
        return found.isEmpty() ? null : found.getFirst().getTextContent();
    }

    /** ExtendedData's {@code <Data name="x"><value>} or a SchemaData's {@code <SimpleData name="x">}. */
    private static @Nullable String data(Element placemark, String name) {
        for (String tag : List.of("Data", "SimpleData")) {
            NodeList nodes = placemark.getElementsByTagNameNS("*", tag);
            for (int i = 0; i < nodes.getLength(); i++) {
                Element e = (Element) nodes.item(i);
                if (name.toLowerCase(Locale.ROOT).equals(e.getAttribute("name").toLowerCase(Locale.ROOT))) {
                    String value = tag.equals("Data") ? childText(e, "value") : e.getTextContent();
                    return value == null ? null : value.strip();
                }
            }
        }
        return null;
    }

    private static void text(XMLStreamWriter xml, String element, String text) throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    private static void data(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeStartElement("Data");
        xml.writeAttribute("name", name);
        text(xml, "value", value);
        xml.writeEndElement();
    }
}
