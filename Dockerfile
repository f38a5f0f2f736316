# Production image of the pitstop binary (api, worker and migrate subcommands).
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/pitstop ./cmd/pitstop

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/pitstop /pitstop
ENTRYPOINT ["/pitstop"]
