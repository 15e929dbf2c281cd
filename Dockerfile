# klacht in a container: a static binary on a distroless base, run as a
# user without privileges. SQLite lives in the /data volume; for
# PostgreSQL set KLACHT_DB (see compose.yaml and docs/deploy.md).
#
#   docker build -t klacht .
#   docker run -p 8080:8080 -v klacht-data:/data klacht

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
# .ci/run builds the binary with this very line and checks it is static.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X github.com/klacht/klacht/internal/cli.Version=${VERSION}" -o /out/klacht ./cmd/klacht
RUN mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/klacht /usr/local/bin/klacht
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
WORKDIR /data
VOLUME /data
ENV KLACHT_DB=sqlite:/data/klacht.db \
    KLACHT_ADDR=:8080 \
    KLACHT_LOG_FORMAT=json
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["/usr/local/bin/klacht", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/klacht"]
CMD ["serve"]
