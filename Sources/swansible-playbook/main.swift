import ArgumentParser
import Swansible

print("swansible-playbook: not yet")
