import ArgumentParser
import Swansible
import SwansibleTesting

print("swansible: not yet")
