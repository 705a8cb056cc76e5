import Config

config :hello_release, greeting: "Hello from a release"
