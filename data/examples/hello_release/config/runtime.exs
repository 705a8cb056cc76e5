import Config

# Read when the release boots, not when it is built.
if greeting = System.get_env("HELLO_GREETING") do
  config :hello_release, greeting: greeting
end
