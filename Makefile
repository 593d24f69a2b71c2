# The two set-up-and-go commands: `make run` (generate and lint the reference
# chip, co-simulate every block briefly (20 random runs each), then emulate 300
# Fashion-MNIST test images on the chip emulator) and `make test` (typecheck and
# the whole test suite). Both install whatever is missing first (scripts/setup.sh).
.PHONY: setup run test test-under-load clean

setup:
	@bash scripts/setup.sh

run: setup
	npx neurotile gen
	npx neurotile lint
	npx neurotile cosim --seed 1 --runs 20
	npx neurotile emulate --limit 300

test: setup
	npx tsc --noEmit
	npx vitest run --reporter=default --reporter=json --outputFile.json=build/vitest-results.json
	@node scripts/test-summary.mjs build/vitest-results.json

# The suite beside a CPU hog on every core (it must hold on a loaded machine; reports the time).
test-under-load: setup
	bash scripts/test-under-load.sh

clean:
	rm -rf build
