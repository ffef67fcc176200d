package io.tickcast.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tickcast.forecast.ForecastModel;
import io.tickcast.schema.ModelRelease;

/** The JSON of {@code /models/current}: the model in use and, unless it is the built-in default, its release's provenance. */
final class ModelJson {
  private ModelJson() {}

  static ObjectNode of(ForecastModel model, ModelRelease release) {
    ObjectNode n = Json.object();
    n.put("modelName", model.name());
    n.put("version", model.version());
    n.put("layers", model.lstm().numLayers());
    n.put("hiddenSize", model.lstm().hiddenSize());
    n.put("parameters", model.lstm().parameterCount());
    n.putPOJO("features", model.features().names());
    n.putPOJO("featureSettings", model.featureSettings().toMap());
    if (release == null) {
      n.put("origin", "default");
      return n;
    }
    n.put("origin", release.getOrigin());
    n.put("createdAt", release.getCreatedAt().toString());
    if (release.getParentVersion() == null) {
      n.putNull("parentVersion");
    } else {
      n.put("parentVersion", release.getParentVersion());
    }
    n.put("seed", release.getSeed());
    n.put("dataFrom", release.getDataFrom() == null ? null : release.getDataFrom().toString());
    n.put("dataTo", release.getDataTo() == null ? null : release.getDataTo().toString());
    n.put("symbols", release.getSymbols());
    n.put("trainingSequences", release.getTrainingSequences());
    n.putPOJO("trainingSettings", release.getTrainingSettings());
    ObjectNode v = n.putObject("validationMse");
    put(v, "model", release.getValidationMse());
    put(v, "champion", release.getChampionValidationMse());
    put(v, "naive", release.getNaiveValidationMse());
    return n;
  }

  private static void put(ObjectNode n, String field, Double value) {
    Json.putFinite(n, field, value == null ? Double.NaN : value);
  }
}
