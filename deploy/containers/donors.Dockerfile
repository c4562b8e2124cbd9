# donors: donors (社会扶贫). Built from the repository root:
#   docker build -f deploy/containers/donors.Dockerfile -t coordination/donors .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish services/Donors/Coordination.Donors.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Outside a container the hosts bind loopback; here the network is the container's own.
ENV ASPNETCORE_ENVIRONMENT=Production \
    Hosting__BindAddress=0.0.0.0 \
    Hosting__GrpcPort=5105 \
    Hosting__HttpPort=5205
EXPOSE 5105 5205
# The runtime image's unprivileged user (APP_UID): a compromised host cannot write its own binaries.
USER $APP_UID
ENTRYPOINT ["dotnet", "Coordination.Donors.dll"]
