# The tickcast image: the jar and its runtime libraries as Maven's package phase leaves them
# (target/tickcast.jar with a Class-Path manifest pointing at target/lib/). Build them first:
#   mvn -B package -DskipTests
FROM eclipse-temurin:17-jre
WORKDIR /opt/tickcast
COPY target/lib/ lib/
COPY target/tickcast.jar tickcast.jar
# /metrics, /health, /ready, /forecast/{symbol}, /models/current
EXPOSE 8080
# the LSTM step uses the incubating Vector API when the module is present
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "-XX:MaxRAMPercentage=75", "-jar", "/opt/tickcast/tickcast.jar"]
CMD ["run"]
