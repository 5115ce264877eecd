import Swansible
