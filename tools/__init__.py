"""Developer tools that need the dev requirements (requirements-dev.txt): the benchmark, the
classroom load test and the websocket client they share. Not shipped with the app."""
