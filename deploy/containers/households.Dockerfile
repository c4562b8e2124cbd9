# households: the registry (建档立卡). Built from the repository root:
#   docker build -f deploy/containers/households.Dockerfile -t coordination/households .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish services/Households/Coordination.Households.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Outside a container the hosts bind loopback; here the network is the container's own.
ENV ASPNETCORE_ENVIRONMENT=Production \
    Hosting__BindAddress=0.0.0.0 \
    Hosting__GrpcPort=5101 \
    Hosting__HttpPort=5201
EXPOSE 5101 5201
# The runtime image's unprivileged user (APP_UID): a compromised host cannot write its own binaries.
USER $APP_UID
ENTRYPOINT ["dotnet", "Coordination.Households.dll"]
