# education: education (教育扶贫). Built from the repository root:
#   docker build -f deploy/containers/education.Dockerfile -t coordination/education .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish services/Education/Coordination.Education.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Outside a container the hosts bind loopback; here the network is the container's own.
ENV ASPNETCORE_ENVIRONMENT=Production \
    Hosting__BindAddress=0.0.0.0 \
    Hosting__GrpcPort=5103 \
    Hosting__HttpPort=5203
EXPOSE 5103 5203
# The runtime image's unprivileged user (APP_UID): a compromised host cannot write its own binaries.
USER $APP_UID
ENTRYPOINT ["dotnet", "Coordination.Education.dll"]
